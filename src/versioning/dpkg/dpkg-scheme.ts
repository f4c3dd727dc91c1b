import { defineComparatorList } from "../comparator-list.js";
import { signOf } from "../ordering.js";
import { defineScheme, type Ordering } from "../version-scheme.js";
import { compareDpkgStrings } from "./compare-dpkg-strings.js";
import { type DpkgVersion, parseDpkgVersion } from "./parse-dpkg-version.js";

/**
 * Debian versions, ordered as `dpkg --compare-versions`: epoch numerically, then the
 * upstream version, then the revision, each with {@link compareDpkgStrings}. A missing
 * revision compares as an empty one, so `1.0 == 1.0-0`.
 */
export function compareDpkgVersions(a: DpkgVersion, b: DpkgVersion): Ordering {
  if (a.epoch !== b.epoch) return signOf(a.epoch - b.epoch);
  return compareDpkgStrings(a.upstream, b.upstream) || compareDpkgStrings(a.revision, b.revision);
}

/**
 * Debian relation operators (deb-control(5), "Depends"): `<<`, `<=`, `=`, `>=`, `>>`, with
 * dpkg's obsolete `<` and `>` meaning `<=` and `>=`.
 */
const dpkgRelations = defineComparatorList<DpkgVersion>({
  name: "dpkg relation list",
  ops: {
    "<<": (o) => o < 0,
    "<=": (o) => o <= 0,
    "=": (o) => o === 0,
    ">=": (o) => o >= 0,
    ">>": (o) => o > 0,
    "<": (o) => o <= 0,
    ">": (o) => o >= 0,
  },
  bareOp: "=",
  check: parseDpkgVersion,
  compare: compareDpkgVersions,
});

export const dpkgScheme = defineScheme({
  id: "dpkg",
  check: parseDpkgVersion,
  compare: compareDpkgVersions,
  ranges: dpkgRelations,
});
