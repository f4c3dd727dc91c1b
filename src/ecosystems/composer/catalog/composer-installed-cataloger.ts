import type { Cataloger, CatalogFile, FileParseResult, PackageDraft } from "../../../catalog/cataloger.js";
import { asRecord, asText, readJsonFile } from "../../../catalog/parse/read-json.js";
import { diagnostic } from "../../../model/index.js";
import { buildComposerDraft } from "./composer-package.js";

const name = "composer-installed-cataloger";

/**
 * Installed PHP packages: `<vendor-dir>/composer/installed.json`, composer 1 (a JSON array)
 * and composer 2 (`{packages: [...], dev, dev-package-names}`; packages named there carry
 * `metadata.dev`, they are installed all the same). Runs on images and folders.
 */
export const composerInstalledCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "composer",
  selects: { globs: ["**/composer/installed.json"], maxSize: 64 * 1024 * 1024 },
  parse: parseInstalledJson,
};

function parseInstalledJson(file: CatalogFile): FileParseResult {
  const read = readJsonFile(file, name);
  if (!read.ok) return { packages: [], diagnostics: [read.diagnostic] };
  const root = read.value;
  const record = asRecord(root);
  const list = Array.isArray(root) ? root : record?.packages;
  if (!Array.isArray(list)) {
    const where = { file: file.path, layer: file.layer, source: name };
    const message = `${file.path}: neither a package array (composer 1) nor {packages} (composer 2)`;
    return { packages: [], diagnostics: [...read.diagnostics, diagnostic("parse-error", message, where)] };
  }
  const devNames = new Set(
    Array.isArray(record?.["dev-package-names"])
      ? record["dev-package-names"].flatMap((n) => asText(n) ?? [])
      : [],
  );
  const packages: PackageDraft[] = [];
  for (const entry of list) {
    const pkgName = asText(asRecord(entry)?.name);
    const draft = buildComposerDraft(entry, file, name, pkgName !== undefined && devNames.has(pkgName));
    if (draft) packages.push(draft);
  }
  return { packages, diagnostics: read.diagnostics };
}
