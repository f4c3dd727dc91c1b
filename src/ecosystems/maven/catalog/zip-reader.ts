import yauzl, { type Entry, type ZipFile } from "yauzl";

/** End of central directory record: signature and fixed size (APPNOTE 4.3.16). */
const eocdSignature = 0x06054b50;
const eocdSize = 22;
const maxCommentLength = 0xffff;

/**
 * Opens a zip held in memory. Archives with bytes prepended (Spring Boot "fully executable"
 * jars start with a shell script) have central directory offsets relative to the zip's own
 * start, not the file's: such a prefix is detected from the end record and skipped.
 * Entry names are not validated as paths (nothing is written to disk, and one `../x` entry
 * must not hide the rest of the archive): read them with {@link entryName}.
 *
 * @throws Error from yauzl when the bytes are not a readable zip.
 */
export async function openZip(bytes: Buffer): Promise<ZipFile> {
  return yauzl.fromBufferPromise(skipPrefix(bytes), {
    lazyEntries: true,
    decodeStrings: false,
    validateEntrySizes: true,
  });
}

/** An entry's name decoded (CP437 or UTF-8, per its flag and extra fields), `\` as `/`. */
export function entryName(entry: Entry): string {
  // With decodeStrings off, yauzl leaves fileName as the raw bytes.
  const raw = entry.fileName as unknown as Buffer;
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, false);
}

function skipPrefix(bytes: Buffer): Buffer {
  const from = Math.max(0, bytes.length - eocdSize - maxCommentLength);
  for (let at = bytes.length - eocdSize; at >= from; at--) {
    if (bytes.readUInt32LE(at) !== eocdSignature) continue;
    const cdSize = bytes.readUInt32LE(at + 12);
    const cdOffset = bytes.readUInt32LE(at + 16);
    // 0xffffffff marks zip64 (real values elsewhere): leave those to yauzl as they are.
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff) return bytes;
    const prefix = at - cdSize - cdOffset;
    return prefix > 0 ? bytes.subarray(prefix) : bytes;
  }
  return bytes;
}

/** Why an entry's bytes were not returned. */
export type EntryReadFailure =
  /** Over the cap: `declared` when the header said so and nothing was inflated. */
  { limit: string; declared: boolean } | { error: string };

/**
 * Reads one entry fully, refusing to produce more than `cap` bytes: the declared size is
 * checked first, then the inflated stream is counted and destroyed as soon as it passes the
 * cap (a lying header is also caught by yauzl's size validation). `charge` is called with
 * every chunk's size, so a caller's byte budget also counts partial reads.
 */
export async function readEntry(
  zip: ZipFile,
  entry: Entry,
  cap: number,
  charge: (bytes: number) => void,
): Promise<Buffer | EntryReadFailure> {
  if (!entry.canDecodeFileData()) {
    return { error: `encrypted or unsupported compression method ${entry.compressionMethod}` };
  }
  if (entry.uncompressedSize > cap) {
    return {
      limit: `declares ${entry.uncompressedSize} bytes, over the ${cap}-byte allowance`,
      declared: true,
    };
  }
  let stream: NodeJS.ReadableStream & { destroy(): void };
  try {
    stream = (await zip.openReadStreamPromise(entry)) as typeof stream;
  } catch (e) {
    return { error: (e as Error).message };
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      total += chunk.length;
      charge(chunk.length);
      if (total > cap) {
        stream.destroy();
        return { limit: `expands beyond the ${cap}-byte allowance`, declared: false };
      }
      chunks.push(chunk);
    }
  } catch (e) {
    return { error: (e as Error).message };
  }
  return Buffer.concat(chunks, total);
}
