import { defineComparatorList, relationalOps } from "../comparator-list.js";
import { defineScheme } from "../version-scheme.js";
import { compareApkVersions, isValidApkVersion, matchApkVersions } from "./compare-apk-versions.js";

/**
 * apk dependency operators (`so:libc.so >= 1.2`, world file constraints): `<`, `<=`, `=`,
 * `>=`, `>`, and the fuzzy `~` (same leading components), `<~` and `>~`.
 */
const apkOperators = defineComparatorList<string>({
  name: "apk constraint list",
  ops: relationalOps,
  special: {
    "~": (v, bound) => matchApkVersions(v, "~", bound) === true,
    "<~": (v, bound) => matchApkVersions(v, "<~", bound) === true,
    ">~": (v, bound) => matchApkVersions(v, ">~", bound) === true,
  },
  bareOp: "=",
  check: checkApkVersion,
  compare: compareApkVersions,
});

function checkApkVersion(raw: string) {
  return isValidApkVersion(raw)
    ? ({ ok: true, value: raw } as const)
    : ({
        ok: false,
        reason: "not a valid apk version (digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#})",
      } as const);
}

/**
 * Alpine package versions. A parsed value is the validated string itself: apk compares the
 * text token by token. Strings apk rejects are still ordered the way apk orders them.
 */
export const apkScheme = defineScheme({
  id: "apk",
  check: checkApkVersion,
  compare: (a: string, b: string) => compareApkVersions(a, b),
  compareUnparsed: (a, b) => compareApkVersions(a, b),
  ranges: apkOperators,
});
