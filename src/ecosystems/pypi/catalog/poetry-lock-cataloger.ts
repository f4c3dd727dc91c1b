import type { Cataloger, CatalogFile, FileParseResult, PackageDraft } from "../../../catalog/cataloger.js";
import { readTomlFile, type TomlValue } from "../../../catalog/parse/parse-toml.js";
import { type Diagnostic, diagnostic } from "../../../model/index.js";

const name = "poetry-lock-cataloger";

/**
 * `poetry.lock` (TOML, lock-version 1.x and 2.x): every `[[package]]` with name and version.
 * Dev: poetry 1.x writes `category = "dev"`; lock-version 2.1 writes `groups`, where a package
 * outside the `main` group is a development one. `source.type` (git, directory, file, url)
 * is kept in metadata. `dir:` targets only.
 */
export const poetryLockCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "pypi",
  directoryOnly: true,
  selects: { basenames: ["poetry.lock"], maxSize: 64 * 1024 * 1024 },
  parse: parsePoetryLock,
};

function parsePoetryLock(file: CatalogFile): FileParseResult {
  const where = { file: file.path, layer: file.layer, source: name };
  const read = readTomlFile(file, name);
  if (!read.ok) return { packages: [], diagnostics: [read.diagnostic] };
  const doc = read.value;
  const entries = Array.isArray(doc.package) ? doc.package : [];
  const packages: PackageDraft[] = [];
  let incomplete = 0;
  for (const value of entries) {
    const entry = toTable(value);
    const pkgName = toText(entry.name);
    const version = toText(entry.version);
    if (pkgName === undefined || version === undefined) {
      incomplete++;
      continue;
    }
    const metadata: Record<string, unknown> = {};
    const groups = Array.isArray(entry.groups)
      ? entry.groups.filter((g) => typeof g === "string")
      : undefined;
    const dev = groups ? !groups.includes("main") : toText(entry.category) === "dev";
    if (dev) metadata.dev = true;
    if (groups) metadata.groups = groups;
    const sourceType = toText(toTable(entry.source).type);
    if (sourceType) metadata.sourceType = sourceType;
    packages.push({
      name: pkgName,
      version,
      type: "pypi",
      locations: [{ path: file.path, layer: file.layer }],
      foundBy: name,
      licenses: [],
      metadata,
    });
  }
  const diagnostics: Diagnostic[] = [];
  if (incomplete > 0) {
    diagnostics.push(
      diagnostic("missing-field", `${file.path}: ${incomplete} packages without name or version`, where),
    );
  }
  return { packages, diagnostics };
}

function toTable(value: TomlValue | undefined): Record<string, TomlValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
}

function toText(value: TomlValue | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
