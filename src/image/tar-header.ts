/**
 * A reader for one 512-byte tar header block (POSIX ustar, GNU and pax extensions), for
 * random access into an archive without extracting it. Pure: no I/O.
 * Spec: POSIX.1-2008 `pax` (ustar interchange format, extended headers); GNU tar manual
 * "Basic Tar Format" (`L`/`K` long names, base-256 numbers).
 */

export const blockSize = 512;

/** Entry kinds drydock distinguishes in an archive that holds an image. */
export type TarEntryType =
  | "file"
  | "hardlink"
  | "symlink"
  | "directory"
  | "device"
  | "fifo"
  | "pax"
  | "pax-global"
  | "gnu-long-name"
  | "gnu-long-link"
  | "other";

export interface RawTarHeader {
  name: string;
  linkname: string;
  size: number;
  type: TarEntryType;
  typeflag: string;
}

/** Why a header block could not be read; the caller turns it into a DrydockError. */
export class TarHeaderError extends Error {}

const decoder = new TextDecoder("utf-8");

function readString(block: Uint8Array, start: number, length: number): string {
  let end = start;
  const limit = start + length;
  while (end < limit && block[end] !== 0) end++;
  return decoder.decode(block.subarray(start, end));
}

/** Numeric field: octal ASCII, or GNU base-256 (high bit of the first byte set). */
function readNumber(block: Uint8Array, start: number, length: number, field: string): number {
  const first = block[start] ?? 0;
  if ((first & 0x80) !== 0) {
    if ((first & 0x40) !== 0) throw new TarHeaderError(`negative ${field}`);
    let value = first & 0x3f;
    for (let i = start + 1; i < start + length; i++) {
      value = value * 256 + (block[i] ?? 0);
      if (value > Number.MAX_SAFE_INTEGER) throw new TarHeaderError(`${field} too large`);
    }
    return value;
  }
  const text = readString(block, start, length).trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarHeaderError(`${field} is not an octal number`);
  const value = Number.parseInt(text, 8);
  if (!Number.isSafeInteger(value)) throw new TarHeaderError(`${field} too large`);
  return value;
}

export function isZeroBlock(block: Uint8Array): boolean {
  for (const b of block) if (b !== 0) return false;
  return true;
}

function verifyChecksum(block: Uint8Array): void {
  const stored = readNumber(block, 148, 8, "checksum");
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < blockSize; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : (block[i] ?? 0);
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  if (stored !== unsigned && stored !== signed) throw new TarHeaderError("header checksum mismatch");
}

function classify(typeflag: string): TarEntryType {
  switch (typeflag) {
    case "0":
    case "\0":
    case "":
    case "7":
      return "file";
    case "1":
      return "hardlink";
    case "2":
      return "symlink";
    case "3":
    case "4":
      return "device";
    case "5":
      return "directory";
    case "6":
      return "fifo";
    case "x":
      return "pax";
    case "g":
      return "pax-global";
    case "L":
      return "gnu-long-name";
    case "K":
      return "gnu-long-link";
    default:
      return "other";
  }
}

/**
 * Parses one header block.
 * @throws TarHeaderError on a bad checksum or number field.
 */
export function parseTarHeader(block: Uint8Array): RawTarHeader {
  if (block.length !== blockSize) throw new TarHeaderError("short header block");
  verifyChecksum(block);
  const typeflag = String.fromCharCode(block[156] ?? 0);
  const magic = readString(block, 257, 6);
  let name = readString(block, 0, 100);
  // The ustar prefix field; GNU headers ("ustar  ") use those bytes for other things.
  if (magic === "ustar" && block[262] === 0) {
    const prefix = readString(block, 345, 155);
    if (prefix !== "") name = `${prefix}/${name}`;
  }
  return {
    name,
    linkname: readString(block, 157, 100),
    size: readNumber(block, 124, 12, "size"),
    type: classify(typeflag),
    typeflag,
  };
}

/** Entry types that never carry data blocks, whatever their size field says. */
export function hasNoData(type: TarEntryType): boolean {
  return (
    type === "hardlink" || type === "symlink" || type === "directory" || type === "device" || type === "fifo"
  );
}

/** Bytes the data of an entry occupies in the archive (padded to whole blocks). */
export function paddedSize(size: number): number {
  return Math.ceil(size / blockSize) * blockSize;
}

/**
 * Parses pax extended header records (`<len> <key>=<value>\n`).
 * @throws TarHeaderError on a malformed record.
 */
export function parsePaxRecords(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break;
    let space = pos;
    while (space < data.length && data[space] !== 0x20) space++;
    const length = Number.parseInt(decoder.decode(data.subarray(pos, space)), 10);
    if (!Number.isSafeInteger(length) || length <= space - pos || pos + length > data.length) {
      throw new TarHeaderError("malformed pax record");
    }
    const record = decoder.decode(data.subarray(space + 1, pos + length - 1));
    const eq = record.indexOf("=");
    if (eq <= 0) throw new TarHeaderError("malformed pax record");
    records.set(record.slice(0, eq), record.slice(eq + 1));
    pos += length;
  }
  return records;
}
