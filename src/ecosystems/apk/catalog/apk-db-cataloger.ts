import type { Cataloger, CatalogFile, FileParseResult, PackageDraft } from "../../../catalog/cataloger.js";
import { type Diagnostic, diagnostic } from "../../../model/index.js";
import { type ApkRecord, parseApkDb } from "./parse-apk-db.js";

const name = "apk-db-cataloger";
const maxDiagnosticsPerFile = 20;

/**
 * Installed Alpine (and Wolfi/Chainguard) packages from `/lib/apk/db/installed`, with
 * origin as the source package, license, and the files each package installs.
 */
export const apkDbCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "apk",
  selects: { paths: ["/lib/apk/db/installed"] },
  parse(file: CatalogFile): FileParseResult {
    const where = { file: file.path, layer: file.layer, source: name };
    const { records, badLines } = parseApkDb(file.bytes.toString("utf8"));
    const problems: string[] = [];
    if (badLines.length > 0) {
      problems.push(`${badLines.length} lines are not "X:value" fields (first at line ${badLines[0]})`);
    }
    const packages: PackageDraft[] = [];
    for (const record of records) {
      if (!record.name || !record.version) {
        problems.push(
          `record at line ${record.line} has no ${record.name ? "version (V:)" : "name (P:)"}: skipped`,
        );
        continue;
      }
      packages.push(toDraft(record as ApkRecord & { name: string; version: string }, file));
    }
    return { packages, diagnostics: toDiagnostics(file.path, problems, where) };
  },
};

function toDraft(r: ApkRecord & { name: string; version: string }, file: CatalogFile): PackageDraft {
  const metadata: Record<string, unknown> = {};
  const keep: (keyof ApkRecord)[] = [
    "arch",
    "maintainer",
    "description",
    "url",
    "buildTime",
    "commit",
    "checksum",
    "size",
    "installedSize",
    "providerPriority",
    "replacesPriority",
  ];
  for (const key of keep) if (r[key] !== undefined) metadata[key] = r[key];
  for (const key of ["dependencies", "provides", "replaces", "installIf"] as const) {
    if (r[key].length > 0) metadata[key] = r[key];
  }
  const draft: PackageDraft = {
    name: r.name,
    version: r.version,
    type: "apk",
    // apk advisories (secdb) are keyed by origin; a package built from itself has origin = name.
    source: { name: r.origin || r.name, version: r.version },
    locations: [{ path: file.path, layer: file.layer }],
    foundBy: name,
    licenses: r.license?.trim() ? [r.license.trim()] : [],
    metadata,
  };
  if (r.files.length > 0) draft.ownedFiles = r.files;
  return draft;
}

function toDiagnostics(
  path: string,
  problems: string[],
  where: Omit<Diagnostic, "code" | "message" | "level">,
) {
  const out = problems
    .slice(0, maxDiagnosticsPerFile)
    .map((p) => diagnostic("parse-error", `${path}: ${p}`, where));
  if (problems.length > maxDiagnosticsPerFile) {
    out.push(
      diagnostic("parse-error", `${path}: ${problems.length - maxDiagnosticsPerFile} more problems`, where),
    );
  }
  return out;
}
