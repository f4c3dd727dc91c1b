import type { Cataloger, CatalogFile, FileParseResult, PackageDraft } from "../../../catalog/cataloger.js";
import { asRecord, asText, readJsonFile } from "../../../catalog/parse/read-json.js";
import { diagnostic } from "../../../model/index.js";
import { normalisePypiName } from "../normalise-name.js";

const name = "pipfile-lock-cataloger";

/**
 * `Pipfile.lock` (pipenv, JSON): the `default` section, and `develop` flagged `metadata.dev`
 * (a package in both is not dev). Versions are the `==x` pins; entries without one (git,
 * path or editable installs) are not reported. `dir:` targets only.
 */
export const pipfileLockCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "pypi",
  directoryOnly: true,
  selects: { basenames: ["Pipfile.lock"], maxSize: 64 * 1024 * 1024 },
  parse: parsePipfileLock,
};

function parsePipfileLock(file: CatalogFile): FileParseResult {
  const read = readJsonFile(file, name);
  if (!read.ok) return { packages: [], diagnostics: [read.diagnostic] };
  const lock = asRecord(read.value);
  if (lock === undefined) {
    const where = { file: file.path, layer: file.layer, source: name };
    return {
      packages: [],
      diagnostics: [diagnostic("parse-error", `${file.path}: not a JSON object`, where)],
    };
  }
  const byKey = new Map<string, PackageDraft>();
  for (const section of ["default", "develop"] as const) {
    for (const [pkgName, value] of Object.entries(asRecord(lock[section]) ?? {})) {
      const pin = asText(asRecord(value)?.version);
      if (pin === undefined || !pin.startsWith("==")) continue;
      const version = pin.replace(/^===?/, "").trim();
      const key = `${normalisePypiName(pkgName)}@${version}`;
      if (byKey.has(key)) continue; // listed in default already: not dev
      const draft: PackageDraft = {
        name: pkgName,
        version,
        type: "pypi",
        locations: [{ path: file.path, layer: file.layer }],
        foundBy: name,
        licenses: [],
      };
      if (section === "develop") draft.metadata = { dev: true };
      byKey.set(key, draft);
    }
  }
  return { packages: [...byKey.values()], diagnostics: read.diagnostics };
}
