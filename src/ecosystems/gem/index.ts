import { defineEcosystem } from "../ecosystem.js";
import { gemfileLockCataloger } from "./catalog/gemfile-lock-cataloger.js";
import { gemspecCataloger } from "./catalog/gemspec-cataloger.js";
import { buildGemPurl } from "./purl.js";

/** Ruby gems: installed specifications (images and folders) and Gemfile.lock (folders). Names are case-sensitive. */
export const gem = defineEcosystem({
  id: "gem",
  scheme: "gem",
  catalogers: [gemspecCataloger, gemfileLockCataloger],
  purl: (pkg) => buildGemPurl(pkg),
});
