import { defineEcosystem } from "../ecosystem.js";
import { depsJsonCataloger } from "./catalog/deps-json-cataloger.js";
import { packagesLockCataloger } from "./catalog/packages-lock-cataloger.js";
import { buildNugetPurl, normaliseNugetName } from "./purl.js";

/** .NET packages: *.deps.json of published apps (images and folders) and packages.lock.json (folders). */
export const nuget = defineEcosystem({
  id: "nuget",
  scheme: "nuget",
  catalogers: [depsJsonCataloger, packagesLockCataloger],
  purl: (pkg) => buildNugetPurl(pkg),
  normaliseName: normaliseNugetName,
});
