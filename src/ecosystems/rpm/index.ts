import { defineEcosystem } from "../ecosystem.js";
import { rpmDbCataloger } from "./catalog/rpm-db-cataloger.js";
import { rpmManifestCataloger } from "./catalog/rpm-manifest-cataloger.js";
import { rpmMatcher } from "./match.js";
import { buildRpmPurl } from "./purl.js";

/** rpm: Red Hat family, SUSE, Amazon Linux, Azure Linux (also its distroless manifest). */
export const rpm = defineEcosystem({
  id: "rpm",
  scheme: "rpm",
  catalogers: [rpmDbCataloger, rpmManifestCataloger],
  purl: buildRpmPurl,
  matcher: rpmMatcher,
});
