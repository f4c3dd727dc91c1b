/**
 * Reads the header blobs of rpm's NDB package database (`Packages.db`, SUSE), as rpm's
 * `lib/backend/ndb/rpmpkg.c` lays it out. All integers are little-endian.
 *
 * - bytes 0..31: header, magic `RpmP` at 0, format version 0 at 4, generation at 8, number
 *   of 4096-byte slot pages at 12;
 * - slot pages follow (the first slot page starts after the header): 16-byte slots, magic
 *   `Slot`, package index, block offset and block count (blocks are 16 bytes; offset 0 =
 *   free slot);
 * - a blob at `blockOffset * 16` fills exactly its blocks: magic `BlbS`, package index,
 *   timestamp, blob length, the header blob, zero padding, then a 12-byte tail (adler32 of
 *   everything before it, blob length, magic `BlbE`).
 */
import type { ProblemLog } from "./problem-log.js";

const headerMagic = 0x506d7052; // "RpmP"
const slotMagic = 0x746f6c53; // "Slot"
const blobHeadMagic = 0x53626c42; // "BlbS"
const blobTailMagic = 0x45626c42; // "BlbE"
const slotPageSize = 4096;
const slotSize = 16;
const blockSize = 16;
const headerSize = 32;
const blobHeadSize = 16;
const blobTailSize = 12;

/**
 * Hands every package's header blob to `onBlob` (which returns false to stop); problems go
 * to `log`. Returns an error string when the file is not a readable NDB database.
 */
export function readNdb(
  bytes: Uint8Array,
  onBlob: (blob: Uint8Array) => boolean | undefined,
  log: ProblemLog,
): { error: string } | undefined {
  if (bytes.length < headerSize) return { error: "file is too short for an rpm NDB database" };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== headerMagic) return { error: "not an rpm NDB database (bad magic)" };
  const version = view.getUint32(4, true);
  if (version !== 0) return { error: `unsupported NDB format version ${version}` };
  const slotPages = view.getUint32(12, true);
  const slotAreaEnd = slotPages * slotPageSize;
  if (slotPages === 0 || slotAreaEnd > bytes.length) {
    return {
      error: `NDB header claims ${slotPages} slot pages, the file holds ${Math.floor(bytes.length / slotPageSize)}`,
    };
  }
  const firstBlock = slotAreaEnd / blockSize;
  for (let at = headerSize; at < slotAreaEnd; at += slotSize) {
    if (view.getUint32(at, true) !== slotMagic) {
      log.add(`slot at ${at} has a bad magic: slot pages are corrupt`);
      break;
    }
    const pkgIndex = view.getUint32(at + 4, true);
    const blockOffset = view.getUint32(at + 8, true);
    const blockCount = view.getUint32(at + 12, true);
    if (blockOffset === 0) continue;
    const blob = readBlob(bytes, view, { pkgIndex, blockOffset, blockCount, firstBlock });
    if (typeof blob === "string") {
      log.add(`package ${pkgIndex}: ${blob}`);
      continue;
    }
    if (!blob.checksumOk)
      log.add(`package ${pkgIndex}: blob checksum does not match (read anyway, as rpm does)`);
    if (onBlob(blob.blob) === false) break;
  }
  return undefined;
}

function readBlob(
  bytes: Uint8Array,
  view: DataView,
  slot: { pkgIndex: number; blockOffset: number; blockCount: number; firstBlock: number },
): { blob: Uint8Array; checksumOk: boolean } | string {
  const { pkgIndex, blockOffset, blockCount, firstBlock } = slot;
  const start = blockOffset * blockSize;
  const span = blockCount * blockSize;
  if (
    pkgIndex === 0 ||
    blockOffset < firstBlock ||
    span < blobHeadSize + blobTailSize ||
    start + span > bytes.length
  ) {
    return `slot points outside the file (block ${blockOffset}, ${blockCount} blocks)`;
  }
  if (view.getUint32(start, true) !== blobHeadMagic) return "blob has a bad magic";
  if (view.getUint32(start + 4, true) !== pkgIndex) return "blob belongs to another package index";
  const length = view.getUint32(start + 12, true);
  if (Math.ceil((blobHeadSize + length + blobTailSize) / blockSize) !== blockCount) {
    return `blob length ${length} does not fill its ${blockCount} blocks`;
  }
  const tailAt = start + span - blobTailSize;
  if (view.getUint32(tailAt + 8, true) !== blobTailMagic || view.getUint32(tailAt + 4, true) !== length) {
    return "blob tail is missing or corrupt";
  }
  const checksumOk = adler32(bytes.subarray(start, tailAt)) === view.getUint32(tailAt, true);
  return { blob: bytes.subarray(start + blobHeadSize, start + blobHeadSize + length), checksumOk };
}

/** Adler-32 (RFC 1950), as rpm computes it over the blob head, blob and padding. */
function adler32(data: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(i + 5552, data.length);
    for (; i < end; i++) {
      a += data[i]!;
      b += a;
    }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}
