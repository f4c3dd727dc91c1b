import type { Readable } from "node:stream";
import { crc32, inflateRawSync } from "node:zlib";
import yauzl from "yauzl";
import { feedUnreadable } from "./feed-errors.js";

/** Largest entry read into memory whole (a zip bomb's entry is refused, not inflated). */
const maxEntryBytes = 256 * 1024 * 1024;

/** One file inside a zip, read on demand while the iteration stands on it. */
export interface ZipEntryHandle {
  name: string;
  /** Declared uncompressed size (yauzl checks the stream against it). */
  size: number;
  isDirectory: boolean;
  /** The whole entry as UTF-8 text. */
  text(): Promise<string>;
  /** The entry as a byte stream. */
  stream(): Promise<Readable>;
}

/**
 * Iterates a zip's entries in central-directory order without extracting it; each entry's
 * bytes are inflated only when asked for, one entry at a time.
 * @throws DrydockError DRYDOCK_FEED_UNREADABLE naming the zip (or zip!entry) on a bad archive.
 */
export async function* readZipEntries(file: string): AsyncGenerator<ZipEntryHandle> {
  const zip = await openZip(file);
  try {
    for (;;) {
      const entry = await nextEntry(zip, file);
      if (!entry) return;
      const name = entry.fileName;
      const where = `${file}!${name}`;
      const stream = () =>
        new Promise<Readable>((resolve, reject) =>
          zip.openReadStream(entry, (err, s) => (err ? reject(feedUnreadable(where, err)) : resolve(s))),
        );
      yield {
        name,
        size: entry.uncompressedSize,
        isDirectory: name.endsWith("/"),
        stream,
        text: async () => (await readWhole(zip, entry, where)).toString("utf8"),
      };
    }
  } finally {
    zip.close();
  }
}

/** Names of the first `limit` entries (cheap: reads only the central directory). */
export async function listZipEntryNames(file: string, limit = 8): Promise<string[]> {
  const names: string[] = [];
  for await (const e of readZipEntries(file)) {
    if (e.isDirectory) continue;
    names.push(e.name);
    if (names.length >= limit) break;
  }
  return names;
}

/**
 * Reads one entry into memory: the compressed bytes are read as they are and inflated in one
 * synchronous call (thousands of small OSV documents would otherwise each pay a round trip
 * through the zlib thread pool), capped at the declared size and checked against its CRC-32.
 */
async function readWhole(zip: yauzl.ZipFile, entry: yauzl.Entry, where: string): Promise<Buffer> {
  const size = entry.uncompressedSize;
  if (size > maxEntryBytes) throw feedUnreadable(where, new Error(`entry is ${size} bytes, over the limit`));
  if (entry.isEncrypted()) throw feedUnreadable(where, new Error("entry is encrypted"));
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw feedUnreadable(where, new Error(`unsupported compression method ${entry.compressionMethod}`));
  }
  const raw = await new Promise<Readable>((resolve, reject) =>
    zip.openReadStream(entry, { decodeFileData: false }, (err, s) =>
      err ? reject(feedUnreadable(where, err)) : resolve(s),
    ),
  );
  const chunks: Buffer[] = [];
  let data: Buffer;
  try {
    for await (const c of raw) chunks.push(c as Buffer);
    const packed = Buffer.concat(chunks);
    data =
      entry.compressionMethod === 8 ? inflateRawSync(packed, { maxOutputLength: Math.max(size, 1) }) : packed;
  } catch (e) {
    throw feedUnreadable(where, e);
  }
  if (data.length !== size)
    throw feedUnreadable(where, new Error(`entry holds ${data.length} bytes, not the ${size} declared`));
  if (crc32(data) !== entry.crc32) throw feedUnreadable(where, new Error("CRC-32 mismatch (corrupt zip)"));
  return data;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, autoClose: false, strictFileNames: false }, (err, zip) =>
      err ? reject(feedUnreadable(file, err)) : resolve(zip),
    ),
  );
}

function nextEntry(zip: yauzl.ZipFile, file: string): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off("entry", onEntry);
      zip.off("end", onEnd);
      zip.off("error", onError);
    };
    const onEntry = (e: yauzl.Entry) => {
      cleanup();
      resolve(e);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (e: Error) => {
      cleanup();
      reject(feedUnreadable(file, e));
    };
    zip.on("entry", onEntry);
    zip.on("end", onEnd);
    zip.on("error", onError);
    zip.readEntry();
  });
}
