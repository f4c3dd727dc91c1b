import { defineEcosystem } from "../ecosystem.js";
import { composerInstalledCataloger } from "./catalog/composer-installed-cataloger.js";
import { composerLockCataloger } from "./catalog/composer-lock-cataloger.js";
import { buildComposerPurl, normaliseComposerName } from "./purl.js";

/** PHP packages: vendor/composer/installed.json (images and folders) and composer.lock (folders). */
export const composer = defineEcosystem({
  id: "composer",
  scheme: "composer",
  catalogers: [composerInstalledCataloger, composerLockCataloger],
  purl: (pkg) => buildComposerPurl(pkg),
  normaliseName: normaliseComposerName,
});
