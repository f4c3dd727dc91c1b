import { compareCodeUnits } from "./ordering.js";
import type { Ordering, VersionScheme } from "./version-scheme.js";

/**
 * Orders two version strings with a scheme. When both parse, the scheme's order decides.
 * Otherwise the scheme's own rule for unreadable strings applies where its reference tool
 * has one (apk and Go order every string; Composer falls back to PHP `version_compare`).
 * Failing that, drydock's rule: a string that does not parse sorts below every version that
 * does, and two such strings are ordered by their UTF-16 code units, so the result is
 * total and deterministic.
 */
export function compareRaw<V>(scheme: VersionScheme<V>, a: string, b: string): Ordering {
  const x = scheme.parse(a);
  const y = scheme.parse(b);
  if (x !== undefined && y !== undefined) return scheme.compare(x, y);
  if (scheme.compareUnparsed) return scheme.compareUnparsed(a, b);
  if (x !== undefined) return 1;
  if (y !== undefined) return -1;
  return compareCodeUnits(a, b);
}
