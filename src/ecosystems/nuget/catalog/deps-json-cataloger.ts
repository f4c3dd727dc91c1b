import type { Cataloger, CatalogFile, FileParseResult, PackageDraft } from "../../../catalog/cataloger.js";
import { asRecord, asText, readJsonFile } from "../../../catalog/parse/read-json.js";
import { diagnostic } from "../../../model/index.js";

const name = "dotnet-deps-cataloger";

/** Library types that are components of the app (reference assemblies are not). */
const reportedTypes = new Set(["package", "project", "msbuildproject", "runtimepack"]);

/**
 * .NET `*.deps.json` (written by the SDK next to the app it describes): every library of type
 * `package`, `project` or `runtimepack` (self-contained apps bundle the runtime; the
 * `runtimepack.` prefix is dropped: `Microsoft.NETCore.App.Runtime.linux-x64`). The project
 * the runtime target starts with is the `root`; what it depends on is `direct`, the rest
 * `indirect`. Runs on images and folders: the file ships with the published app.
 */
export const depsJsonCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "nuget",
  selects: { suffixes: [".deps.json"], maxSize: 64 * 1024 * 1024 },
  parse: parseDepsJson,
};

function parseDepsJson(file: CatalogFile): FileParseResult {
  const read = readJsonFile(file, name);
  if (!read.ok) return { packages: [], diagnostics: [read.diagnostic] };
  const deps = asRecord(read.value);
  const libraries = asRecord(deps?.libraries);
  if (deps === undefined || libraries === undefined) {
    const where = { file: file.path, layer: file.layer, source: name };
    return {
      packages: [],
      diagnostics: [diagnostic("parse-error", `${file.path}: no libraries section`, where)],
    };
  }
  const targets = asRecord(deps.targets) ?? {};
  const targetName = asText(asRecord(deps.runtimeTarget)?.name);
  const target =
    asRecord(targetName === undefined ? undefined : targets[targetName]) ?? findFirstRecord(targets) ?? {};

  const isProject = (key: string): boolean => {
    const type = asText(asRecord(libraries[key])?.type);
    return type === "project" || type === "msbuildproject";
  };
  const rootKey = Object.keys(target).find(isProject) ?? Object.keys(libraries).find(isProject);
  const directNames = new Set(Object.keys(asRecord(asRecord(target[rootKey ?? ""])?.dependencies) ?? {}));

  const packages: PackageDraft[] = [];
  for (const [key, value] of Object.entries(libraries)) {
    const library = asRecord(value);
    const type = asText(library?.type);
    const slash = key.lastIndexOf("/");
    if (library === undefined || type === undefined || !reportedTypes.has(type) || slash <= 0) continue;
    const libName = key.slice(0, slash);
    const version = key.slice(slash + 1);
    if (version === "") continue;
    const metadata: Record<string, unknown> = {
      relationship: key === rootKey ? "root" : directNames.has(libName) ? "direct" : "indirect",
      libraryType: type,
    };
    const sha512 = asText(library.sha512);
    if (sha512) metadata.sha512 = sha512;
    const path = asText(library.path);
    if (path) metadata.path = path;
    packages.push({
      name: type === "runtimepack" ? libName.replace(/^runtimepack\./, "") : libName,
      version,
      type: "nuget",
      locations: [{ path: file.path, layer: file.layer }],
      foundBy: name,
      licenses: [],
      metadata,
    });
  }
  return { packages, diagnostics: read.diagnostics };
}

function findFirstRecord(record: Record<string, unknown>): Record<string, unknown> | undefined {
  for (const value of Object.values(record)) {
    const found = asRecord(value);
    if (found) return found;
  }
  return undefined;
}
