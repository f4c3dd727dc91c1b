import { defineEcosystem } from "../ecosystem.js";
import { pipfileLockCataloger } from "./catalog/pipfile-lock-cataloger.js";
import { poetryLockCataloger } from "./catalog/poetry-lock-cataloger.js";
import { pythonInstalledCataloger } from "./catalog/python-installed-cataloger.js";
import { requirementsCataloger } from "./catalog/requirements-cataloger.js";
import { normalisePypiName } from "./normalise-name.js";
import { buildPypiPurl } from "./purl.js";

/** Python packages: installed distributions (images and folders) and poetry/pipenv/pip lockfiles (folders). */
export const pypi = defineEcosystem({
  id: "pypi",
  scheme: "pep440",
  catalogers: [pythonInstalledCataloger, poetryLockCataloger, pipfileLockCataloger, requirementsCataloger],
  purl: (pkg) => buildPypiPurl(pkg),
  normaliseName: normalisePypiName,
});
