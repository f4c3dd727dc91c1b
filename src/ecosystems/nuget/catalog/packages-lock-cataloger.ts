import type { Cataloger, CatalogFile, FileParseResult, PackageDraft } from "../../../catalog/cataloger.js";
import { asRecord, asText, readJsonFile } from "../../../catalog/parse/read-json.js";
import { diagnostic } from "../../../model/index.js";

const name = "nuget-packages-lock-cataloger";

/**
 * NuGet `packages.lock.json` (version 1 and 2): the resolved packages of every target
 * framework, one per (name, version); `direct` when any framework lists it as `Direct`.
 * Project references (`type: Project`) are not packages and are skipped. `dir:` targets only.
 */
export const packagesLockCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "nuget",
  directoryOnly: true,
  selects: { basenames: ["packages.lock.json"], maxSize: 64 * 1024 * 1024 },
  parse: parsePackagesLock,
};

function parsePackagesLock(file: CatalogFile): FileParseResult {
  const read = readJsonFile(file, name);
  if (!read.ok) return { packages: [], diagnostics: [read.diagnostic] };
  const frameworks = asRecord(asRecord(read.value)?.dependencies);
  if (frameworks === undefined) {
    const where = { file: file.path, layer: file.layer, source: name };
    return {
      packages: [],
      diagnostics: [diagnostic("parse-error", `${file.path}: no dependencies section`, where)],
    };
  }
  const byKey = new Map<string, PackageDraft>();
  for (const [framework, value] of Object.entries(frameworks)) {
    for (const [pkgName, entryValue] of Object.entries(asRecord(value) ?? {})) {
      const entry = asRecord(entryValue);
      const version = asText(entry?.resolved);
      const type = asText(entry?.type);
      if (entry === undefined || version === undefined || type === "Project") continue;
      const key = `${pkgName.toLowerCase()}@${version}`;
      const direct = type === "Direct";
      const seen = byKey.get(key);
      if (seen?.metadata) {
        if (direct) seen.metadata.relationship = "direct";
        (seen.metadata.frameworks as string[]).push(framework);
        continue;
      }
      const metadata: Record<string, unknown> = {
        relationship: direct ? "direct" : "indirect",
        frameworks: [framework],
      };
      const contentHash = asText(entry.contentHash);
      if (contentHash) metadata.contentHash = contentHash;
      byKey.set(key, {
        name: pkgName,
        version,
        type: "nuget",
        locations: [{ path: file.path, layer: file.layer }],
        foundBy: name,
        licenses: [],
        metadata,
      });
    }
  }
  return { packages: [...byKey.values()], diagnostics: read.diagnostics };
}
