import { defineEcosystem } from "../ecosystem.js";
import { nodeModulesCataloger } from "./catalog/node-modules-cataloger.js";
import { packageLockCataloger } from "./catalog/package-lock-cataloger.js";
import { pnpmLockCataloger } from "./catalog/pnpm-lock-cataloger.js";
import { yarnLockCataloger } from "./catalog/yarn-lock-cataloger.js";
import { buildNpmPurl, normaliseNpmName } from "./purl.js";

/** npm packages: installed node_modules (images and folders) and npm/yarn/pnpm lockfiles (folders). */
export const npm = defineEcosystem({
  id: "npm",
  scheme: "semver",
  catalogers: [nodeModulesCataloger, packageLockCataloger, yarnLockCataloger, pnpmLockCataloger],
  purl: (pkg) => buildNpmPurl(pkg),
  normaliseName: normaliseNpmName,
});
