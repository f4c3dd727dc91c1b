import type { Cataloger, CatalogFile, FileParseResult, PackageDraft } from "../../../catalog/cataloger.js";
import { readTextFile } from "../../../catalog/parse/read-text.js";
import { diagnostic } from "../../../model/index.js";
import { isGemVersion } from "./gem-version.js";
import { parseGemspec } from "./parse-gemspec.js";

const name = "gemspec-cataloger";

/**
 * Installed gems: the specifications RubyGems writes at install time
 * (`…/specifications/<name>-<version>.gemspec`, default gems under `specifications/default/`).
 * The Ruby is tokenized, never evaluated (see parse-gemspec). Runs on images and folders.
 */
export const gemspecCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "gem",
  selects: { globs: ["**/specifications/**/*.gemspec"], maxSize: 4 * 1024 * 1024 },
  parse: parseGemspecFile,
};

function parseGemspecFile(file: CatalogFile): FileParseResult {
  const where = { file: file.path, layer: file.layer, source: name };
  const read = readTextFile(file, name);
  if (!read.ok) return { packages: [], diagnostics: [read.diagnostic] };
  const text = read.text;
  const facts = parseGemspec(text);
  if (facts.name === undefined || facts.version === undefined) {
    const message = `${file.path}: no static name and version (and no "# stub:" line)`;
    return { packages: [], diagnostics: [diagnostic("missing-field", message, where)] };
  }
  if (!isGemVersion(facts.version) || !/^[A-Za-z0-9._-]+$/.test(facts.name)) {
    const message = `${file.path}: not a gem name/version: ${JSON.stringify(`${facts.name} ${facts.version}`.slice(0, 80))}`;
    return { packages: [], diagnostics: [diagnostic("invalid-field", message, where)] };
  }
  const metadata: Record<string, unknown> = {};
  if (facts.platform) metadata.platform = facts.platform;
  if (facts.origin === "stub") metadata.from = "stub-line";
  if (file.path.includes("/specifications/default/")) metadata.defaultGem = true;
  const draft: PackageDraft = {
    name: facts.name,
    version: facts.version,
    type: "gem",
    locations: [{ path: file.path, layer: file.layer }],
    foundBy: name,
    licenses: facts.licenses,
    metadata,
  };
  if (facts.platform) draft.purlHints = { platform: facts.platform };
  return { packages: [draft], diagnostics: [] };
}
