import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import tarStream from "tar-stream";
import type { LayerIndex, ReadLayerOptions } from "../../../src/fs/index.js";
import { readLayer } from "../../../src/fs/index.js";
import type { Digest, Layer } from "../../../src/model/index.js";

/** One entry of a synthetic layer tar. `content` makes a regular file. */
export type EntrySpec =
  | { name: string; type?: "file"; content?: string | Buffer; mode?: number }
  | { name: string; type: "directory"; mode?: number }
  | { name: string; type: "symlink" | "link"; linkname: string; mode?: number }
  | { name: string; type: "fifo" | "character-device"; mode?: number };

/** Builds a layer tar in memory with tar-stream's packer (PAX headers for long names). */
export async function makeLayer(entries: EntrySpec[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on("data", (chunk) => void chunks.push(chunk as Buffer));
    pack.on("end", () => resolve());
    pack.on("error", reject);
  });
  for (const entry of entries) {
    const type = entry.type ?? "file";
    if (type === "file") {
      const spec = entry as { content?: string | Buffer; mode?: number };
      const body = Buffer.from(spec.content ?? "");
      pack.entry({ name: entry.name, type: "file", mode: spec.mode ?? 0o644, size: body.length }, body);
    } else if (type === "directory") {
      pack.entry({ name: entry.name, type: "directory", mode: entry.mode ?? 0o755 });
    } else if (type === "symlink" || type === "link") {
      const spec = entry as { linkname: string };
      pack.entry({ name: entry.name, type, linkname: spec.linkname, mode: entry.mode ?? 0o777 });
    } else {
      pack.entry({ name: entry.name, type, mode: entry.mode ?? 0o644 });
    }
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

/**
 * A raw ustar header, written by hand so tests can forge what tar-stream's packer would
 * refuse or fix (sizes with no data behind them, odd names). Checksum computed unless given.
 */
export function ustarHeader(fields: {
  name: string;
  size?: number;
  typeflag?: string;
  mode?: number;
  linkname?: string;
  checksum?: number;
}): Buffer {
  const block = Buffer.alloc(512);
  block.write(fields.name, 0, 100, "utf8");
  writeOctal(block, 100, 8, fields.mode ?? 0o644);
  writeOctal(block, 108, 8, 0);
  writeOctal(block, 116, 8, 0);
  writeOctal(block, 124, 12, fields.size ?? 0);
  writeOctal(block, 136, 12, 0);
  block.write(fields.typeflag ?? "0", 156, 1, "ascii");
  if (fields.linkname !== undefined) block.write(fields.linkname, 157, 100, "utf8");
  block.write("ustar\u000000", 257, 8, "ascii");
  block.fill(" ", 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  writeOctal(block, 148, 8, fields.checksum ?? sum);
  return block;
}

function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, "0")}\0`, offset, length, "ascii");
}

/** Two zero blocks: the end-of-archive marker. */
export const endOfArchive = Buffer.alloc(1024);

/** A Layer record with a diffId derived from a label (tests never check it against content). */
export function layerFor(label: string, index = 0): Layer {
  const diffId = `sha256:${createHash("sha256").update(label).digest("hex")}` as Digest;
  return {
    index,
    digest: diffId,
    diffId,
    mediaType: "application/vnd.oci.image.layer.v1.tar",
    compression: "none",
    size: 0,
  };
}

/** Streams a tar buffer in chunks of `chunkSize` bytes (small chunks exercise boundaries). */
export function streamOf(tar: Buffer, chunkSize = 64 * 1024): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < tar.length; i += chunkSize) chunks.push(tar.subarray(i, i + chunkSize));
  return Readable.from(chunks);
}

/** Reads a synthetic layer from a buffer. */
export function readLayerBuffer(
  tar: Buffer,
  options: Partial<ReadLayerOptions> & { chunkSize?: number } = {},
): Promise<LayerIndex> {
  const { chunkSize, ...rest } = options;
  return readLayer(streamOf(tar, chunkSize), {
    layer: layerFor("layer"),
    target: "test-image.tar",
    ...rest,
  });
}

/** Builds and reads one synthetic layer per spec list; layer i is `layerFor("L<i+1>", i)`. */
export async function readLayers(layers: EntrySpec[][]): Promise<LayerIndex[]> {
  const indexes: LayerIndex[] = [];
  for (const [i, entries] of layers.entries()) {
    indexes.push(await readLayerBuffer(await makeLayer(entries), { layer: layerFor(`L${i + 1}`, i) }));
  }
  return indexes;
}

/** diffId of the synthetic layer `L<n>` (1-based, as in {@link readLayers}). */
export function diffIdOf(n: number): Digest {
  return layerFor(`L${n}`, n - 1).diffId;
}
