import type { Ordering, ParseResult } from "../version-scheme.js";
import {
  compareMavenItems,
  formatMavenItems,
  MAX_MAVEN_VERSION_LENGTH,
  type MavenItem,
  parseMavenItems,
} from "./comparable-version.js";

/** A Maven version: the string as written and Maven's item tree. */
export interface MavenVersion {
  raw: string;
  items: MavenItem & { kind: "list" };
  /** Maven's canonical form (`getCanonical()`): `1.0-ALPHA1` → `1-alpha-1`. */
  canonical: string;
}

/**
 * Reads a Maven version. Maven accepts any string; drydock refuses only an empty one,
 * strings longer than 256 characters (Maven 4's own limit), and what Maven's parser itself
 * throws on.
 */
export function parseMavenVersion(raw: string): ParseResult<MavenVersion> {
  if (raw.trim() === "") return { ok: false, reason: "version string is empty" };
  if (raw.length > MAX_MAVEN_VERSION_LENGTH) {
    return { ok: false, reason: `version string is longer than ${MAX_MAVEN_VERSION_LENGTH} characters` };
  }
  try {
    const items = parseMavenItems(raw);
    return { ok: true, value: { raw, items, canonical: formatMavenItems(items) } };
  } catch (error) {
    return { ok: false, reason: `Maven cannot read this version (${(error as Error).message})` };
  }
}

export function compareMavenVersions(a: MavenVersion, b: MavenVersion): Ordering {
  return compareMavenItems(a.items, b.items);
}
