/**
 * Reads the key/value pairs of a Berkeley DB hash database (rpm's legacy `Packages` file)
 * without the library. Layout (Berkeley DB `db_page.h`, `hash.h`):
 *
 * - page 0 is the hash metadata page: magic 0x061561 at offset 12 (its byte order is the
 *   file's byte order), page size at 20, page type 8 at 25, last page number at 32;
 * - every page starts with a 26-byte header: page number at 8, next page at 16, entry
 *   count (u16) at 20, `hf_offset` (u16) at 22, page type at 25;
 * - hash pages (type 13, or 2 before 4.6) hold an array of u16 item offsets after the
 *   header; items come in key/data pairs and run from their offset to the previous item's
 *   offset (or the page end). An item's first byte is its type: 1 = key/data inline,
 *   3 = off-page (u32 first overflow page at 4, u32 total length at 8);
 * - overflow pages (type 7) chain through "next page"; `hf_offset` is the number of data
 *   bytes on the page, which follow the header.
 *
 * Every offset and length is checked against the page and the file; an overflow page may
 * serve one chain only, so the values read never add up to more than the file's size.
 */
import type { ProblemLog } from "./problem-log.js";

export interface BdbEntry {
  key: Uint8Array;
  value: Uint8Array;
}

const hashMagic = 0x061561;
const pageHeaderSize = 26;
const pageType = { hashUnsorted: 2, overflow: 7, hashMeta: 8, hash: 13 } as const;
const itemType = { keyData: 1, duplicate: 2, offPage: 3, offDup: 4 } as const;

/**
 * Hands every key/value pair to `onEntry` (nothing is kept: memory stays flat whatever the
 * file holds); `onEntry` returns false to stop. Problems go to `log`; an error string is
 * returned when the file is not a readable hash database at all.
 */
export function readBdbHash(
  bytes: Uint8Array,
  onEntry: (entry: BdbEntry) => boolean | undefined,
  log: ProblemLog,
): { error: string } | undefined {
  if (bytes.length < 512) return { error: "file is too short for a Berkeley DB hash database" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let little: boolean;
  if (view.getUint32(12, true) === hashMagic) little = true;
  else if (view.getUint32(12, false) === hashMagic) little = false;
  else return { error: "not a Berkeley DB hash database (bad magic)" };
  const pageSize = view.getUint32(20, little);
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) {
    return { error: `invalid page size ${pageSize}` };
  }
  if (bytes[25] !== pageType.hashMeta)
    return { error: `metadata page has type ${bytes[25]}, not a hash database` };
  if (bytes[24] !== 0) return { error: "encrypted Berkeley DB databases are not supported" };
  if ((bytes[26]! & 0x01) !== 0)
    return { error: "Berkeley DB databases with page checksums are not supported" };

  const pagesInFile = Math.floor(bytes.length / pageSize);
  let lastPage = view.getUint32(32, little);
  if (lastPage >= pagesInFile) {
    log.add(`database is truncated: last page ${lastPage}, file holds ${pagesInFile} pages`);
    lastPage = pagesInFile - 1;
  }
  const usedOverflow = new Uint8Array(lastPage + 1);
  const ctx: Ctx = { bytes, view, little, pageSize, lastPage, log, usedOverflow };
  for (let pgno = 1; pgno <= lastPage; pgno++) {
    const base = pgno * pageSize;
    const type = bytes[base + 25];
    if (type !== pageType.hash && type !== pageType.hashUnsorted) continue;
    if (!readHashPage(ctx, base, onEntry)) break;
  }
  return undefined;
}

interface Ctx {
  bytes: Uint8Array;
  view: DataView;
  little: boolean;
  pageSize: number;
  lastPage: number;
  log: ProblemLog;
  /** Overflow pages already read: a page shared by two chains is corruption (or a bomb). */
  usedOverflow: Uint8Array;
}

/** Reads one hash page's pairs; false when `onEntry` asked to stop. */
function readHashPage(ctx: Ctx, base: number, onEntry: (entry: BdbEntry) => boolean | undefined): boolean {
  const { view, little, pageSize } = ctx;
  const count = view.getUint16(base + 20, little);
  if (pageHeaderSize + count * 2 > pageSize) {
    ctx.log.add(`hash page at ${base} claims ${count} items`);
    return true;
  }
  const offsets: number[] = [];
  for (let i = 0; i < count; i++) offsets.push(view.getUint16(base + pageHeaderSize + i * 2, little));
  for (let i = 0; i + 1 < count; i += 2) {
    const key = readItem(ctx, base, offsets, i);
    const value = readItem(ctx, base, offsets, i + 1);
    if (key && value && onEntry({ key, value }) === false) return false;
  }
  return true;
}

/** One item of a hash page: its inline bytes or its overflow chain, or undefined (problem noted). */
function readItem(ctx: Ctx, base: number, offsets: number[], index: number): Uint8Array | undefined {
  const start = offsets[index]!;
  const end = index === 0 ? ctx.pageSize : offsets[index - 1]!;
  if (start < pageHeaderSize + offsets.length * 2 || end > ctx.pageSize || end <= start) {
    ctx.log.add(`hash page at ${base}: item ${index} has bad bounds ${start}..${end}`);
    return undefined;
  }
  const type = ctx.bytes[base + start];
  if (type === itemType.keyData) return ctx.bytes.subarray(base + start + 1, base + end);
  if (type === itemType.offPage) {
    if (end - start < 12) {
      ctx.log.add(`hash page at ${base}: off-page item ${index} is too short`);
      return undefined;
    }
    const first = ctx.view.getUint32(base + start + 4, ctx.little);
    const total = ctx.view.getUint32(base + start + 8, ctx.little);
    return readOverflow(ctx, first, total);
  }
  ctx.log.add(`hash page at ${base}: item type ${type} (duplicates) is not supported`);
  return undefined;
}

function readOverflow(ctx: Ctx, first: number, total: number): Uint8Array | undefined {
  if (total > ctx.lastPage * (ctx.pageSize - pageHeaderSize)) {
    ctx.log.add(`overflow value of ${total} bytes cannot fit in the file`);
    return undefined;
  }
  // Collect views first and copy once the chain is complete: a broken chain costs no copy.
  const parts: Uint8Array[] = [];
  let filled = 0;
  let pgno = first;
  while (filled < total) {
    if (pgno === 0 || pgno > ctx.lastPage || ctx.usedOverflow[pgno] === 1) {
      ctx.log.add(
        `overflow chain from page ${first} breaks at page ${pgno} after ${filled} of ${total} bytes`,
      );
      return undefined;
    }
    const base = pgno * ctx.pageSize;
    if (ctx.bytes[base + 25] !== pageType.overflow) {
      ctx.log.add(`overflow chain from page ${first} reaches page ${pgno} of type ${ctx.bytes[base + 25]}`);
      return undefined;
    }
    ctx.usedOverflow[pgno] = 1;
    const len = ctx.view.getUint16(base + 22, ctx.little);
    const take = Math.min(len, total - filled, ctx.pageSize - pageHeaderSize);
    if (take === 0) {
      ctx.log.add(`overflow page ${pgno} holds no data`);
      return undefined;
    }
    parts.push(ctx.bytes.subarray(base + pageHeaderSize, base + pageHeaderSize + take));
    filled += take;
    pgno = ctx.view.getUint32(base + 16, ctx.little);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
