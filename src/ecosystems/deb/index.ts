import { defineEcosystem } from "../ecosystem.js";
import { chiselManifestCataloger } from "./catalog/chisel-manifest-cataloger.js";
import { dpkgDbCataloger } from "./catalog/dpkg-db-cataloger.js";
import { dpkgMatcher } from "./match.js";
import { buildDebPurl } from "./purl.js";

/** deb: Debian, Ubuntu (dpkg database and Ubuntu chisel manifests), distroless. */
export const deb = defineEcosystem({
  id: "deb",
  scheme: "dpkg",
  catalogers: [dpkgDbCataloger, chiselManifestCataloger],
  purl: buildDebPurl,
  matcher: dpkgMatcher,
});
