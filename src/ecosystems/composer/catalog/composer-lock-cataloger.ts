import type { Cataloger, CatalogFile, FileParseResult, PackageDraft } from "../../../catalog/cataloger.js";
import { asRecord, readJsonFile } from "../../../catalog/parse/read-json.js";
import { diagnostic } from "../../../model/index.js";
import { buildComposerDraft } from "./composer-package.js";

const name = "composer-lock-cataloger";

/**
 * `composer.lock`: `packages`, and `packages-dev` flagged `metadata.dev`. `dir:` targets only
 * (in an image, vendor/composer/installed.json says what was installed). A composer.lock
 * shipped inside a vendored package is not the project's and is skipped.
 */
export const composerLockCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "composer",
  directoryOnly: true,
  selects: { basenames: ["composer.lock"], maxSize: 64 * 1024 * 1024 },
  parse: parseComposerLock,
};

function parseComposerLock(file: CatalogFile): FileParseResult {
  if (file.path.includes("/vendor/")) return { packages: [], diagnostics: [] };
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
  const packages: PackageDraft[] = [];
  for (const [section, dev] of [
    ["packages", false],
    ["packages-dev", true],
  ] as const) {
    const list = lock[section];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      const draft = buildComposerDraft(entry, file, name, dev);
      if (draft) packages.push(draft);
    }
  }
  return { packages, diagnostics: read.diagnostics };
}
