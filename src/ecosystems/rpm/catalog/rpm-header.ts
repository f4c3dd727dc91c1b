import { RpmTag, RpmType } from "./rpm-tags.js";

/**
 * An rpm header as stored in the package database (no lead, no magic): a big-endian
 * `int32 indexCount`, `int32 dataLength`, `indexCount` 16-byte entries
 * (`tag, type, offset, count`), then the data store. Spec:
 * https://github.com/rpm-software-management/rpm/blob/master/docs/manual/format_header.md
 *
 * Everything read from the blob is bounds-checked against the data store: a hostile blob
 * never reads out of range and never makes the parser allocate more than the blob's size.
 */
export interface RpmHeader {
  /** Last valid entry per tag (entries after the immutable region override region ones). */
  entries: Map<number, RpmHeaderEntry>;
  /** The data store. */
  data: Uint8Array;
  /** Problems met while indexing (invalid entries are left out, not fatal). */
  problems: string[];
}

export interface RpmHeaderEntry {
  tag: number;
  type: number;
  offset: number;
  count: number;
}

/** rpm's own sanity limits (`hdrchkTags`, `hdrchkData` in header.c). */
const maxIndexCount = 0xffff;
const maxDataLength = 0x0fffffff;
const entrySize = 16;
const regionTags = new Set<number>([RpmTag.headerImage, RpmTag.headerSignatures, RpmTag.headerImmutable]);

const utf8 = new TextDecoder("utf-8");

/**
 * Indexes a header blob. Returns an error string when the blob cannot be a header at all
 * (too short, counts out of rpm's limits, region trailer broken); entries that are invalid
 * one by one are dropped and listed in `problems`.
 */
export function parseRpmHeader(blob: Uint8Array): RpmHeader | { error: string } {
  if (blob.length < 8) return { error: `header blob of ${blob.length} bytes is too short` };
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const il = view.getInt32(0);
  const dl = view.getInt32(4);
  if (il <= 0 || il > maxIndexCount) return { error: `header index count ${il} is out of range` };
  if (dl < 0 || dl > maxDataLength) return { error: `header data length ${dl} is out of range` };
  const dataStart = 8 + il * entrySize;
  if (dataStart + dl > blob.length) {
    return {
      error: `header claims ${il} entries and ${dl} data bytes but the blob has ${blob.length} bytes`,
    };
  }
  const data = blob.subarray(dataStart, dataStart + dl);
  const problems: string[] = [];
  const all: RpmHeaderEntry[] = [];
  for (let i = 0; i < il; i++) {
    const at = 8 + i * entrySize;
    all.push({
      tag: view.getInt32(at),
      type: view.getInt32(at + 4),
      offset: view.getInt32(at + 8),
      count: view.getInt32(at + 12),
    });
  }
  const regionError = checkRegion(all, data);
  if (regionError) return { error: regionError };
  const entries = new Map<number, RpmHeaderEntry>();
  let invalid = 0;
  for (const [i, e] of all.entries()) {
    if (i === 0 && regionTags.has(e.tag)) continue;
    const why = checkEntry(e, dl);
    if (why) {
      invalid++;
      if (invalid <= 3) problems.push(`tag ${e.tag}: ${why}`);
      continue;
    }
    entries.set(e.tag, e);
  }
  if (invalid > 3) problems.push(`${invalid - 3} more invalid entries`);
  return { entries, data, problems };
}

/** Validates the immutable region: the first entry points at a 16-byte trailer in the data. */
function checkRegion(all: RpmHeaderEntry[], data: Uint8Array): string | undefined {
  const first = all[0]!;
  if (!regionTags.has(first.tag)) return undefined;
  if (first.type !== RpmType.bin || first.count !== entrySize) {
    return `region tag ${first.tag} has type ${first.type} and count ${first.count}`;
  }
  if (first.offset < 0 || first.offset + entrySize > data.length) {
    return `region trailer offset ${first.offset} is outside the ${data.length}-byte data store`;
  }
  const trailer = new DataView(data.buffer, data.byteOffset + first.offset, entrySize);
  const tag = trailer.getInt32(0);
  const regionBytes = -trailer.getInt32(8);
  if (
    tag !== first.tag ||
    regionBytes <= 0 ||
    regionBytes % entrySize !== 0 ||
    regionBytes / entrySize > all.length
  ) {
    return `region trailer of tag ${first.tag} is corrupt`;
  }
  return undefined;
}

function checkEntry(e: RpmHeaderEntry, dl: number): string | undefined {
  if (e.type < RpmType.null || e.type > RpmType.i18nString) return `unknown type ${e.type}`;
  if (e.offset < 0 || e.offset >= dl) return `offset ${e.offset} is outside the ${dl}-byte data store`;
  if (e.count <= 0 || e.count > dl) return `count ${e.count} is out of range`;
  const width = fixedWidth(e.type);
  if (width > 0) {
    if (e.offset % width !== 0) return `offset ${e.offset} is not aligned for its type`;
    if (e.offset + e.count * width > dl) return `${e.count} values run past the data store`;
  }
  return undefined;
}

function fixedWidth(type: number): number {
  switch (type) {
    case RpmType.char:
    case RpmType.int8:
    case RpmType.bin:
      return 1;
    case RpmType.int16:
      return 2;
    case RpmType.int32:
      return 4;
    case RpmType.int64:
      return 8;
    default:
      return 0;
  }
}

/** The first string of a STRING, I18NSTRING or STRING_ARRAY entry, if present and terminated. */
export function readRpmString(h: RpmHeader, tag: number): string | undefined {
  const e = h.entries.get(tag);
  if (!e || !isStringType(e.type)) return undefined;
  const end = h.data.indexOf(0, e.offset);
  if (end < 0) return undefined;
  return utf8.decode(h.data.subarray(e.offset, end));
}

/** Every string of a STRING_ARRAY entry; undefined when absent or when a string is unterminated. */
export function readRpmStringArray(h: RpmHeader, tag: number): string[] | undefined {
  const e = h.entries.get(tag);
  if (!e || !isStringType(e.type)) return undefined;
  const out: string[] = [];
  let at = e.offset;
  // count <= data length (checked), and each string takes at least one byte: bounded.
  for (let i = 0; i < e.count; i++) {
    const end = h.data.indexOf(0, at);
    if (end < 0) return undefined;
    out.push(utf8.decode(h.data.subarray(at, end)));
    at = end + 1;
    if (e.type !== RpmType.stringArray) break;
  }
  return out;
}

/** The integers of an INT8/INT16/INT32/INT64 entry (INT64 values beyond 2^53 lose precision). */
export function readRpmInts(h: RpmHeader, tag: number): number[] | undefined {
  const e = h.entries.get(tag);
  if (!e) return undefined;
  const width = fixedWidth(e.type);
  if (e.type === RpmType.bin || e.type === RpmType.char || width === 0) return undefined;
  const view = new DataView(h.data.buffer, h.data.byteOffset + e.offset, e.count * width);
  const out: number[] = [];
  for (let i = 0; i < e.count; i++) {
    if (width === 1) out.push(view.getUint8(i));
    else if (width === 2) out.push(view.getUint16(i * 2));
    else if (width === 4) out.push(view.getUint32(i * 4));
    else out.push(Number(view.getBigUint64(i * 8)));
  }
  return out;
}

function isStringType(type: number): boolean {
  return type === RpmType.string || type === RpmType.stringArray || type === RpmType.i18nString;
}
