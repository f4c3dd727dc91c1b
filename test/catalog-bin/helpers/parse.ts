import {
  type Cataloger,
  defaultParseLimits,
  type FileParseResult,
  type ParseLimits,
} from "../../../src/catalog/cataloger.js";
import { cargoAuditableCataloger } from "../../../src/ecosystems/cargo/catalog/cargo-auditable-cataloger.js";
import { goBinaryCataloger } from "../../../src/ecosystems/golang/catalog/go-binary-cataloger.js";
import { javaArchiveCataloger } from "../../../src/ecosystems/maven/catalog/java-archive-cataloger.js";
import { testLayer } from "../../helpers/catalog-case.js";
import { buildElf } from "./elf-builder.js";

/** Parses one in-memory file with a cataloger, then round-trips the result through JSON (the layer cache). */
async function parseWith(
  cataloger: Cataloger,
  path: string,
  bytes: Buffer,
  mode: number,
  limits: Partial<ParseLimits>,
): Promise<FileParseResult> {
  const result = await cataloger.parse(
    { path, layer: testLayer, size: bytes.length, mode, bytes },
    { limits: { ...defaultParseLimits, ...limits } },
  );
  return JSON.parse(JSON.stringify(result));
}

export const parseJar = (path: string, bytes: Buffer, limits: Partial<ParseLimits> = {}) =>
  parseWith(javaArchiveCataloger, path, bytes, 0o644, limits);

export const parseGoBinary = (path: string, bytes: Buffer) =>
  parseWith(goBinaryCataloger, path, bytes, 0o755, {});

export const parseRustBinary = (bytes: Buffer, limits: Partial<ParseLimits> = {}) =>
  parseWith(cargoAuditableCataloger, "/usr/local/bin/tool", bytes, 0o755, limits);

/** An ELF with a `.dep-v0` section holding `payload` (already zlib-compressed, or not). */
export function auditableElf(
  payload: Buffer,
  options: { bits?: 32 | 64; littleEndian?: boolean } = {},
): Buffer {
  return buildElf({
    bits: options.bits ?? 64,
    littleEndian: options.littleEndian ?? true,
    sections: [
      { name: ".text", data: Buffer.alloc(32, 0x90), addr: 0x401000, flags: 6 },
      { name: ".dep-v0", data: payload, flags: 0 },
    ],
  }).bytes;
}

/** `name@version` of every package of a result, in order. */
export const nameVersions = (r: FileParseResult) => r.packages.map((p) => `${p.name}@${p.version}`);
