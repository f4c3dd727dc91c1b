import { defineEcosystem } from "../ecosystem.js";
import { javaArchiveCataloger } from "./catalog/java-archive-cataloger.js";
import { mavenMatcher } from "./match.js";
import { buildMavenPurl } from "./purl.js";

/** Maven artifacts: packages read from Java archives (jar, war, ear, nested archives). */
export const maven = defineEcosystem({
  id: "maven",
  scheme: "maven",
  catalogers: [javaArchiveCataloger],
  purl: buildMavenPurl,
  matcher: mavenMatcher,
});
