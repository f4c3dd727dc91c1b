import { readBundleLicense } from "./bundle-license.js";
import { guessFromFileName } from "./guess-from-file-name.js";
import { manifestValue } from "./parse-manifest.js";
import type { ArchiveFacts } from "./walk-java-archive.js";

/** A Maven artifact an archive identifies, and where that identity came from. */
export interface ArchiveIdentity {
  groupId?: string;
  artifactId: string;
  version: string;
  /** `pom.properties`: Maven wrote it; `manifest`: MANIFEST.MF; `file-name`: part of it guessed. */
  source: "pom.properties" | "manifest" | "file-name";
  /** The pom.properties entry, for `source: "pom.properties"`. */
  pomProperties?: string;
  licenses: string[];
}

/**
 * What an archive is, in order of trust:
 * 1. every usable `META-INF/…/pom.properties` (a shaded jar holds several);
 * 2. else the manifest: `Implementation-Title`, `Bundle-SymbolicName` (directives dropped) or
 *    `Specification-Title` for the name, `Implementation-Version`, `Bundle-Version` or
 *    `Specification-Version` for the version — no groupId (a manifest does not state one
 *    reliably: `Implementation-Vendor-Id` is often the vendor's domain, not the groupId);
 * 3. a name or version still missing is guessed from the file name (`source: "file-name"`).
 * Nothing when no version can be found at all. `problems` lists unusable pom.properties.
 */
export function identifyArchive(facts: ArchiveFacts): { identities: ArchiveIdentity[]; problems: string[] } {
  const problems: string[] = [];
  const licenses = facts.manifest ? readBundleLicense(manifestValue(facts.manifest, "Bundle-License")) : [];
  const fromPom: ArchiveIdentity[] = [];
  for (const { entry, properties } of facts.pomProperties) {
    const artifactId = properties.get("artifactId")?.trim();
    const version = properties.get("version")?.trim();
    const groupId = properties.get("groupId")?.trim();
    if (!artifactId || !version || /\$\{/.test(artifactId + version + (groupId ?? ""))) {
      problems.push(`${facts.path}!/${entry}: no usable artifactId and version`);
      continue;
    }
    fromPom.push({
      ...(groupId ? { groupId } : {}),
      artifactId,
      version,
      source: "pom.properties",
      pomProperties: entry,
      licenses: [],
    });
  }
  if (fromPom.length > 0) {
    // The manifest describes the archive itself: its license belongs to a lone artifact only.
    if (fromPom.length === 1) fromPom[0]!.licenses = licenses;
    return { identities: dedupe(fromPom), problems };
  }

  const m = facts.manifest;
  const title = m
    ? (manifestValue(m, "Implementation-Title") ??
      manifestValue(m, "Bundle-SymbolicName")?.split(";")[0]?.trim() ??
      manifestValue(m, "Specification-Title"))
    : undefined;
  const declaredVersion = m
    ? (manifestValue(m, "Implementation-Version") ??
      manifestValue(m, "Bundle-Version") ??
      manifestValue(m, "Specification-Version"))
    : undefined;
  const guess = title && declaredVersion ? {} : guessFromFileName(facts.path);
  const artifactId = title || guess.name;
  const version = declaredVersion || guess.version;
  if (!artifactId || !version) return { identities: [], problems };
  const source = title && declaredVersion ? "manifest" : "file-name";
  return { identities: [{ artifactId, version, source, licenses }], problems };
}

function dedupe(ids: ArchiveIdentity[]): ArchiveIdentity[] {
  const seen = new Set<string>();
  return ids.filter((id) => {
    const key = `${id.groupId ?? ""}:${id.artifactId}@${id.version}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
