import { defineComparatorList, relationalOps } from "../comparator-list.js";
import { defineScheme, type Ordering } from "../version-scheme.js";
import { parseRpmEvr, type RpmEvr } from "./parse-rpm-evr.js";
import { rpmvercmp } from "./rpmvercmp.js";

/**
 * Orders two EVRs as rpm's `rpmverCmp()`: epoch (absent = 0), then version, then release,
 * each with {@link rpmvercmp}.
 *
 * One deliberate difference: rpm skips the release when either side has none (so
 * `1.0 == 1.0-3`, which suits dependency resolution). For vulnerability matching drydock
 * follows Trivy and osv-scalibr instead: a version without a release sorts before the same
 * version with any release (`1.0 < 1.0- < 1.0-0 < 1.0-3`), so an installed package is never
 * taken as fixed on the strength of a missing release.
 */
export function compareRpmEvrs(a: RpmEvr, b: RpmEvr): Ordering {
  const byEpoch = rpmvercmp(a.epoch ?? "0", b.epoch ?? "0");
  if (byEpoch !== 0) return byEpoch;
  const byVersion = rpmvercmp(a.version, b.version);
  if (byVersion !== 0) return byVersion;
  if (a.release === undefined || b.release === undefined) {
    if (a.release === b.release) return 0;
    return a.release === undefined ? -1 : 1;
  }
  return rpmvercmp(a.release, b.release);
}

/** rpm dependency operators (`Requires: foo >= 1.2-3`): `<`, `<=`, `=`, `>=`, `>`. */
const rpmOperators = defineComparatorList<RpmEvr>({
  name: "rpm comparison list",
  ops: relationalOps,
  bareOp: "=",
  check: parseRpmEvr,
  compare: compareRpmEvrs,
});

export const rpmScheme = defineScheme({
  id: "rpm",
  check: parseRpmEvr,
  compare: compareRpmEvrs,
  ranges: rpmOperators,
});
