import type { Cataloger, CatalogFile, FileParseResult, PackageDraft } from "../../../catalog/cataloger.js";
import { readTextFile } from "../../../catalog/parse/read-text.js";
import { type Diagnostic, diagnostic } from "../../../model/index.js";
import { parseRequirements } from "./parse-requirements.js";

const name = "requirements-cataloger";

/**
 * pip requirements files (`requirements.txt`, `dev-requirements.txt`, `requirements/*.txt`):
 * exact pins only (`==`, `===`), with extras, environment markers and `--hash` values in
 * metadata. `-r` / `-c` includes are not followed (each included file is catalogued on its
 * own when it is selected); an info diagnostic names them. `dir:` targets only.
 */
export const requirementsCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "pypi",
  directoryOnly: true,
  selects: { globs: ["**/*requirements*.txt", "**/requirements/*.txt"], maxSize: 10 * 1024 * 1024 },
  parse: parseRequirementsFile,
};

function parseRequirementsFile(file: CatalogFile): FileParseResult {
  const where = { file: file.path, layer: file.layer, source: name };
  const read = readTextFile(file, name);
  if (!read.ok) return { packages: [], diagnostics: [read.diagnostic] };
  const text = read.text;
  const parsed = parseRequirements(text);
  const packages: PackageDraft[] = parsed.pinned.map((req) => {
    const metadata: Record<string, unknown> = { line: req.line };
    if (req.extras.length > 0) metadata.extras = req.extras;
    if (req.markers) metadata.markers = req.markers;
    if (req.hashes.length > 0) metadata.hashes = req.hashes;
    return {
      name: req.name,
      version: req.version,
      type: "pypi",
      locations: [{ path: file.path, layer: file.layer }],
      foundBy: name,
      licenses: [],
      metadata,
    };
  });
  const diagnostics: Diagnostic[] = parsed.includes.map((include) =>
    diagnostic(
      "include-ignored",
      `${file.path}:${include.line}: ${include.option} ${include.target} is not followed`,
      { ...where, level: "info" },
    ),
  );
  return { packages, diagnostics };
}
