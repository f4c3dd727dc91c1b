import { inflateSync } from "node:zlib";
import { findSection, isElf, isElfError, readElf, sectionData } from "../../../catalog/binary/elf.js";
import type {
  Cataloger,
  CatalogFile,
  FileParseResult,
  PackageDraft,
  ParseContext,
} from "../../../catalog/cataloger.js";
import { diagnostic } from "../../../model/index.js";
import { parseAuditData } from "./auditable/parse-audit-data.js";

const name = "cargo-auditable-cataloger";
/** The audit data of a large workspace is tens of KiB; this bounds a hostile section. */
const maxAuditJsonBytes = 16 * 1024 * 1024;

/**
 * Rust executables built with `cargo auditable`: the ELF section `.dep-v0` holds the crate
 * list as zlib-compressed JSON. Every crate becomes a package (build-only crates are kept,
 * with `metadata.kind: "build"`). Decompression is capped at the smaller of
 * `limits.maxExpandedBytes` and 16 MiB; beyond it the file gets an `archive-limit` diagnostic.
 */
export const cargoAuditableCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "cargo",
  selects: { executables: true, maxSize: 512 * 1024 * 1024 },
  parse: parseAuditableBinary,
};

function parseAuditableBinary(file: CatalogFile, ctx: ParseContext): FileParseResult {
  const where = { file: file.path, layer: file.layer, source: name };
  const fail = (code: string, message: string): FileParseResult => ({
    packages: [],
    diagnostics: [diagnostic(code, `${file.path}: ${message}`, where)],
  });
  if (!isElf(file.bytes)) return { packages: [], diagnostics: [] };
  const elf = readElf(file.bytes);
  if (isElfError(elf)) return fail("parse-error", `unreadable ELF: ${elf.error}`);
  const section = findSection(elf, ".dep-v0");
  if (section === undefined) return { packages: [], diagnostics: [] };
  const compressed = sectionData(file.bytes, section);
  if (isElfError(compressed)) return fail("parse-error", compressed.error);

  const cap = Math.min(ctx.limits.maxExpandedBytes, maxAuditJsonBytes);
  let json: unknown;
  try {
    json = JSON.parse(inflateSync(compressed, { maxOutputLength: cap }).toString("utf8"));
  } catch (e) {
    if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE" || e instanceof RangeError) {
      return fail("archive-limit", `cargo-auditable data expands beyond ${cap} bytes`);
    }
    return fail("parse-error", `cargo-auditable data is not zlib-compressed JSON (${(e as Error).message})`);
  }
  const parsed = parseAuditData(json);
  if ("error" in parsed) return fail("parse-error", `cargo-auditable data: ${parsed.error}`);

  const packages: PackageDraft[] = parsed.crates.map((c) => ({
    name: c.name,
    version: c.version,
    type: "cargo",
    locations: [{ path: file.path, layer: file.layer }],
    foundBy: name,
    licenses: [],
    metadata: {
      source: c.source,
      kind: c.kind,
      ...(c.root ? { root: true } : {}),
      ...(c.dependencies.length > 0 ? { dependencies: c.dependencies } : {}),
    },
  }));
  const diagnostics =
    parsed.skipped > 0
      ? [
          diagnostic(
            "parse-error",
            `${file.path}: ${parsed.skipped} cargo-auditable entries lack a name or version`,
            where,
          ),
        ]
      : [];
  return { packages, diagnostics };
}
