import {
  addressToOffset,
  type ElfError,
  type ElfFile,
  findSection,
  isElfError,
  PF_W,
  PF_X,
  PT_LOAD,
  sectionData,
} from "../../../catalog/binary/elf.js";

/**
 * The two strings the Go linker embeds in every executable built with module support
 * (Go 1.13+): the toolchain version and the module info text that `go version -m` prints.
 */
export interface RawBuildInfo {
  /** `go1.19.8` as the toolchain wrote it. */
  goVersion: string;
  /** The module info text without its 16-byte sentinels ("" when the binary has none). */
  modInfo: string;
  /** 1.18+ inline varint strings, or the older pointer format. */
  format: "inline" | "pointer";
}

/** `\xff Go buildinf:` at a 16-byte aligned position, followed by a 32-byte header. */
const magic = Buffer.from("\xff Go buildinf:", "latin1");
const headerSize = 32;
/** The Go linker places the header at the very start of the region; Go itself searches 64 KiB. */
const searchWindow = 64 * 1024;
const flagBigEndian = 0x1;
const flagInline = 0x2;
/** Sanity caps: a version string is short; module info lists at most a few thousand modules. */
const maxVersionLength = 1024;
const maxModInfoLength = 16 * 1024 * 1024;

/**
 * Finds and decodes the Go build info of an ELF executable. Returns `undefined` when the file
 * carries none (not a Go binary, or a Go binary older than 1.13), an {@link ElfError} when it
 * carries one that cannot be read (truncated, pointers out of range, absurd lengths).
 *
 * Where it looks (as `debug/buildinfo` does): the `.go.buildinfo` section, or — for files
 * whose section headers were stripped — the first writable, non-executable loadable segment.
 */
export function readGoBuildInfo(bytes: Buffer, elf: ElfFile): RawBuildInfo | ElfError | undefined {
  const region = findRegion(bytes, elf);
  if (region === undefined || isElfError(region)) return region;
  const at = findMagic(region);
  if (at === undefined) return undefined;
  if (at + headerSize > region.length) return { error: "Go build info header is truncated" };
  const ptrSize = region[at + magic.length] ?? 0;
  const flags = region[at + magic.length + 1] ?? 0;
  const decoded =
    flags & flagInline
      ? readInline(region.subarray(at + headerSize))
      : readPointers(bytes, elf, region.subarray(at), ptrSize, (flags & flagBigEndian) === 0);
  if (isElfError(decoded)) return decoded;
  const goVersion = decoded.goVersion.toString("utf8");
  if (goVersion === "") return undefined;
  return { goVersion, modInfo: stripSentinels(decoded.modInfo), format: decoded.format };
}

/** The bytes that hold the build info header. */
function findRegion(bytes: Buffer, elf: ElfFile): Buffer | ElfError | undefined {
  const section = findSection(elf, ".go.buildinfo");
  if (section !== undefined) return sectionData(bytes, section);
  const segment = elf.segments.find((p) => p.type === PT_LOAD && (p.flags & (PF_X | PF_W)) === PF_W);
  if (segment === undefined || segment.offset >= bytes.length) return undefined;
  // The whole segment (as far as the file holds it): the header is searched for in its first
  // 64 KiB, but the strings that follow it may run further.
  return bytes.subarray(segment.offset, Math.min(bytes.length, segment.offset + segment.fileSize));
}

function findMagic(region: Buffer): number | undefined {
  const window = region.subarray(0, searchWindow);
  let from = 0;
  for (;;) {
    const at = window.indexOf(magic, from);
    if (at === -1) return undefined;
    if (at % 16 === 0) return at;
    from = at + 1;
  }
}

/** The two strings as raw bytes: the module info's sentinels are not valid UTF-8. */
interface RawStrings {
  goVersion: Buffer;
  modInfo: Buffer;
  format: RawBuildInfo["format"];
}

/** Go 1.18+: two strings, each a uvarint length followed by the bytes, right after the header. */
function readInline(data: Buffer): RawStrings | ElfError {
  const version = readVarintString(data, 0, maxVersionLength, "Go version");
  if (isElfError(version)) return version;
  const mod = readVarintString(data, version.next, maxModInfoLength, "module info");
  if (isElfError(mod)) return mod;
  return { goVersion: version.value, modInfo: mod.value, format: "inline" };
}

function readVarintString(
  data: Buffer,
  at: number,
  cap: number,
  what: string,
): { value: Buffer; next: number } | ElfError {
  const length = readUvarint(data, at);
  if (length === undefined) return { error: `Go build info: bad length prefix of the ${what}` };
  const start = at + length.size;
  if (length.value > cap || start + length.value > data.length) {
    return {
      error: `Go build info: ${what} length ${length.value} exceeds the data (${data.length - start} bytes left)`,
    };
  }
  return { value: data.subarray(start, start + length.value), next: start + length.value };
}

/** Unsigned LEB128 as Go's `binary.Uvarint` writes it; undefined on overflow or truncation. */
export function readUvarint(data: Buffer, at: number): { value: number; size: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const b = data[at + i];
    if (b === undefined) return undefined;
    value += (b & 0x7f) * scale;
    if (value > Number.MAX_SAFE_INTEGER) return undefined;
    if ((b & 0x80) === 0) return { value, size: i + 1 };
    scale *= 128;
  }
  return undefined;
}

/**
 * Go 1.13–1.17: after the header's 16 bytes come two pointers to Go string headers
 * `{data *byte, len int}` for the version and the module info; both must be followed
 * through the loadable segments.
 */
function readPointers(
  bytes: Buffer,
  elf: ElfFile,
  header: Buffer,
  ptrSize: number,
  littleEndian: boolean,
): RawStrings | ElfError {
  if (ptrSize !== 4 && ptrSize !== 8)
    return { error: `Go build info: pointer size ${ptrSize} is not 4 or 8` };
  const readPtr = (buf: Buffer, at: number): number => {
    if (ptrSize === 4) return littleEndian ? buf.readUInt32LE(at) : buf.readUInt32BE(at);
    const v = littleEndian ? buf.readBigUInt64LE(at) : buf.readBigUInt64BE(at);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(v);
  };
  if (16 + 2 * ptrSize > header.length) return { error: "Go build info header is truncated" };
  const readString = (headerAddr: number, cap: number, what: string): Buffer | ElfError => {
    const at = addressToOffset(elf, bytes.length, headerAddr, 2 * ptrSize);
    if (at === undefined)
      return { error: `Go build info: the ${what} string header address is outside the file` };
    const dataAddr = readPtr(bytes, at);
    const length = readPtr(bytes, at + ptrSize);
    if (length === 0) return Buffer.alloc(0);
    if (length > cap) return { error: `Go build info: ${what} length ${length} is absurd` };
    const dataAt = addressToOffset(elf, bytes.length, dataAddr, length);
    if (dataAt === undefined) return { error: `Go build info: the ${what} bytes are outside the file` };
    return bytes.subarray(dataAt, dataAt + length);
  };
  const goVersion = readString(readPtr(header, 16), maxVersionLength, "Go version");
  if (isElfError(goVersion)) return goVersion;
  const modInfo = readString(readPtr(header, 16 + ptrSize), maxModInfoLength, "module info");
  if (isElfError(modInfo)) return modInfo;
  return { goVersion, modInfo, format: "pointer" };
}

/**
 * The linker wraps the module info in two 16-byte sentinels; Go keeps the text only when the
 * byte before the trailing sentinel is a newline, and treats anything else as "no info".
 */
function stripSentinels(raw: Buffer): string {
  if (raw.length >= 33 && raw[raw.length - 17] === 0x0a) return raw.toString("utf8", 16, raw.length - 16);
  return "";
}
