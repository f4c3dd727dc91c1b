import { defineEcosystem } from "../ecosystem.js";
import { apkDbCataloger } from "./catalog/apk-db-cataloger.js";
import { apkMatcher } from "./match.js";
import { buildApkPurl } from "./purl.js";

/** apk: Alpine, Wolfi, Chainguard. */
export const apk = defineEcosystem({
  id: "apk",
  scheme: "apk",
  catalogers: [apkDbCataloger],
  purl: buildApkPurl,
  matcher: apkMatcher,
});
