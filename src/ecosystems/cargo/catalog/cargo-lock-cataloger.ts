import type { Cataloger, CatalogFile, FileParseResult, PackageDraft } from "../../../catalog/cataloger.js";
import { readTomlFile, type TomlValue } from "../../../catalog/parse/parse-toml.js";
import { type Diagnostic, diagnostic } from "../../../model/index.js";

const name = "cargo-lock-cataloger";

/**
 * Rust `Cargo.lock`, format v1 (no `version` key, checksums under `[metadata]`) and v2/v3/v4
 * (`version = N`, checksums inline): every `[[package]]`, one per (name, version, source).
 * A package without `source` is a member of the workspace (`relationship: "workspace"`);
 * `source` (`registry+…`, `sparse+…`, `git+…#rev`) and `checksum` go to metadata. `dir:`
 * targets only: binaries in images are catalogued from their cargo-auditable sections.
 */
export const cargoLockCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "cargo",
  directoryOnly: true,
  selects: { basenames: ["Cargo.lock"], maxSize: 64 * 1024 * 1024 },
  parse: parseCargoLock,
};

function parseCargoLock(file: CatalogFile): FileParseResult {
  const where = { file: file.path, layer: file.layer, source: name };
  const read = readTomlFile(file, name);
  if (!read.ok) return { packages: [], diagnostics: [read.diagnostic] };
  const doc = read.value;
  const diagnostics: Diagnostic[] = [];
  const format = typeof doc.version === "number" ? doc.version : 1;
  if (format > 4) {
    diagnostics.push(
      diagnostic("unsupported-version", `${file.path}: Cargo.lock version ${format} read as v4`, {
        ...where,
        level: "info",
      }),
    );
  }
  const v1Checksums = toTable(doc.metadata);
  const byKey = new Map<string, PackageDraft>();
  let incomplete = 0;
  for (const value of Array.isArray(doc.package) ? doc.package : []) {
    const entry = toTable(value);
    const crate = toText(entry.name);
    const version = toText(entry.version);
    if (crate === undefined || version === undefined) {
      incomplete++;
      continue;
    }
    const source = toText(entry.source);
    const key = `${crate}@${version}@${source ?? ""}`;
    if (byKey.has(key)) continue;
    const metadata: Record<string, unknown> = {
      relationship: source === undefined ? "workspace" : "indirect",
    };
    if (source) metadata.source = source;
    const checksum =
      toText(entry.checksum) ?? toText(v1Checksums[`checksum ${crate} ${version} (${source ?? ""})`]);
    if (checksum) metadata.checksum = checksum;
    byKey.set(key, {
      name: crate,
      version,
      type: "cargo",
      locations: [{ path: file.path, layer: file.layer }],
      foundBy: name,
      licenses: [],
      metadata,
    });
  }
  if (incomplete > 0) {
    diagnostics.push(
      diagnostic("missing-field", `${file.path}: ${incomplete} packages without name or version`, where),
    );
  }
  return { packages: [...byKey.values()], diagnostics };
}

function toTable(value: TomlValue | undefined): Record<string, TomlValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : {};
}

function toText(value: TomlValue | undefined): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
