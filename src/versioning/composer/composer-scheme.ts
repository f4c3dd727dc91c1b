import { compareCodeUnits } from "../ordering.js";
import { defineScheme, type Ordering } from "../version-scheme.js";
import { composerConstraints } from "./composer-constraints.js";
import { normalizeComposerVersion } from "./normalize-composer-version.js";
import { phpVersionCompare } from "./php-version-compare.js";

/**
 * Orders two normalised Composer versions: PHP `version_compare` on the normalised forms
 * (so `1.0 == 1.0.0` and `v1.2 == 1.2`). Composer leaves `dev-` branches unordered; for a
 * total order drydock puts them below every numbered version and orders them by name.
 */
export function compareComposerVersions(a: string, b: string): Ordering {
  const aIsBranch = a.startsWith("dev-");
  const bIsBranch = b.startsWith("dev-");
  if (aIsBranch || bIsBranch) {
    if (aIsBranch && bIsBranch) return compareCodeUnits(a, b);
    return aIsBranch ? -1 : 1;
  }
  return phpVersionCompare(a, b);
}

/**
 * PHP packages. A parsed value is the version as Composer normalises it. Versions Composer
 * cannot normalise are ordered with PHP `version_compare` on the text after a leading
 * `v`/`V`, as OSV's Packagist ordering does.
 */
export const composerScheme = defineScheme({
  id: "composer",
  check: normalizeComposerVersion,
  compare: compareComposerVersions,
  compareUnparsed: compareUnnormalized,
  ranges: composerConstraints,
});

/**
 * PHP `version_compare` on raw strings, made antisymmetric: on a few malformed strings
 * (`"(,)"` against itself) PHP answers "less" both ways; drydock calls such pairs equal.
 */
function compareUnnormalized(a: string, b: string): Ordering {
  const x = stripV(a);
  const y = stripV(b);
  const forward = phpVersionCompare(x, y);
  return forward === -phpVersionCompare(y, x) ? forward : 0;
}

function stripV(version: string): string {
  const t = version.trim();
  return /^[vV]\d/.test(t) ? t.slice(1) : t;
}
