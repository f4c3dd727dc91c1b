import { isElf, isElfError, readElf } from "../../../catalog/binary/elf.js";
import type { Cataloger, CatalogFile, FileParseResult } from "../../../catalog/cataloger.js";
import { diagnostic } from "../../../model/index.js";
import { buildGoPackages } from "./build-go-packages.js";
import { parseModInfo } from "./parse-mod-info.js";
import { readGoBuildInfo } from "./read-build-info.js";

const name = "go-binary-cataloger";

/**
 * Go executables: reads the build info the Go linker embeds (`.go.buildinfo`, Go 1.13+) from
 * ELF files and reports the standard library, the main module and every dependency module
 * (see {@link buildGoPackages}). Files that are not ELF, or ELF without Go build info, give
 * nothing; a malformed ELF or build info gives a `parse-error` diagnostic. Mach-O and PE
 * binaries are not read (Linux images only).
 */
export const goBinaryCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "golang",
  selects: { executables: true, maxSize: 512 * 1024 * 1024 },
  parse: parseGoBinary,
};

function parseGoBinary(file: CatalogFile): FileParseResult {
  const where = { file: file.path, layer: file.layer, source: name };
  const empty: FileParseResult = { packages: [], diagnostics: [] };
  if (!isElf(file.bytes)) return empty;
  const elf = readElf(file.bytes);
  if (isElfError(elf)) {
    return {
      packages: [],
      diagnostics: [diagnostic("parse-error", `${file.path}: unreadable ELF: ${elf.error}`, where)],
    };
  }
  const raw = readGoBuildInfo(file.bytes, elf);
  if (raw === undefined) return empty;
  if (isElfError(raw)) {
    return { packages: [], diagnostics: [diagnostic("parse-error", `${file.path}: ${raw.error}`, where)] };
  }
  const { info, problems } = parseModInfo(raw.modInfo);
  const packages = buildGoPackages(raw.goVersion, info, { path: file.path, layer: file.layer }, name);
  const diagnostics = problems.map((p) =>
    diagnostic("parse-error", `${file.path}: Go module info ${p}`, where),
  );
  return { packages, diagnostics };
}
