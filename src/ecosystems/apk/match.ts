import { createDistroMatcher } from "../../match/index.js";

/**
 * Alpine packages: the release's secdb (`alpine:3.18`, the branch major.minor), keyed by
 * the aports origin (`libcrypto3` → `openssl`), compared with the apk scheme. secdb lists
 * only fixed vulnerabilities (and `0` for "not affected"): an unfixed flaw is absent, not
 * reported as affected.
 */
export const apkMatcher = createDistroMatcher({
  name: "apk-matcher",
  ecosystem: "apk",
  nameKindOf: () => "source",
  searchBinaryNames: false,
});
