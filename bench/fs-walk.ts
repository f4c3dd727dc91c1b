/**
 * Streams every layer of an image through the layered filesystem, squashes, walks the
 * result and prints files, bytes, time and peak RSS.
 *
 *   node --import tsx bench/fs-walk.ts IMAGE [--preload] [--select-executables]
 *
 * IMAGE: an OCI layout directory, or a docker-archive / oci-archive tar (layers gzip or plain).
 * --preload: gunzip every layer into memory first and time only the tar read + squash.
 * --select-executables: buffer every executable (the heaviest cataloger selection).
 */
import { closeSync, createReadStream, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createGunzip, gunzipSync } from "node:zlib";
import tarStream from "tar-stream";
import type { LayerIndex } from "../src/fs/index.js";
import { compileFileSelector, readLayer, squashLayers } from "../src/fs/index.js";
import type { Digest, Layer } from "../src/model/index.js";

interface BlobStore {
  read(path: string): Buffer;
  open(path: string): Readable;
}

/** Blobs of an OCI layout directory. */
function directoryStore(dir: string): BlobStore {
  return {
    read: (path) => readFileSync(join(dir, path)),
    open: (path) => createReadStream(join(dir, path), { highWaterMark: 1024 * 1024 }),
  };
}

/** Blobs of an uncompressed tar archive, read in place by byte offset. */
async function archiveStore(file: string): Promise<BlobStore> {
  const members = new Map<string, { offset: number; size: number }>();
  const extract = tarStream.extract();
  extract.on("entry", (header, stream, next) => {
    const offset = (header as unknown as { byteOffset: number }).byteOffset;
    members.set(header.name.replace(/^\.\//, ""), { offset, size: header.size });
    stream.on("end", next);
    stream.resume();
  });
  await new Promise<void>((resolve, reject) => {
    extract.on("finish", resolve);
    extract.on("error", reject);
    createReadStream(file).pipe(extract as unknown as NodeJS.WritableStream);
  });
  const locate = (path: string): { offset: number; size: number } => {
    const member = members.get(path);
    if (member === undefined) throw new Error(`${file}: no member ${path}`);
    return member;
  };
  return {
    read: (path) => {
      const { offset, size } = locate(path);
      const out = Buffer.alloc(size);
      const fd = openSync(file, "r");
      try {
        readSync(fd, out, 0, size, offset);
      } finally {
        closeSync(fd);
      }
      return out;
    },
    open: (path) => {
      const { offset, size } = locate(path);
      if (size === 0) return Readable.from([]);
      return createReadStream(file, { start: offset, end: offset + size - 1, highWaterMark: 1024 * 1024 });
    },
  };
}

const blobPath = (digest: string): string => `blobs/${digest.replace(":", "/")}`;

/** The image's layers (base first) and where each blob lives. */
function listLayers(store: BlobStore, isArchive: boolean): { layer: Layer; path: string }[] {
  let layerPaths: string[];
  let configPath: string;
  let mediaTypes: string[] = [];
  if (isArchive && hasMember(store, "manifest.json")) {
    const manifest = JSON.parse(store.read("manifest.json").toString())[0];
    layerPaths = manifest.Layers;
    configPath = manifest.Config;
  } else {
    const index = JSON.parse(store.read("index.json").toString());
    const manifest = JSON.parse(store.read(blobPath(index.manifests[0].digest)).toString());
    layerPaths = manifest.layers.map((l: { digest: string }) => blobPath(l.digest));
    mediaTypes = manifest.layers.map((l: { mediaType: string }) => l.mediaType);
    configPath = blobPath(manifest.config.digest);
  }
  const config = JSON.parse(store.read(configPath).toString());
  return layerPaths.map((path, index) => {
    const diffId = config.rootfs.diff_ids[index] as Digest;
    const layer: Layer = {
      index,
      digest: diffId,
      diffId,
      mediaType: mediaTypes[index] ?? "application/vnd.docker.image.rootfs.diff.tar",
      compression: "none",
      size: 0,
    };
    return { layer, path };
  });
}

function hasMember(store: BlobStore, path: string): boolean {
  try {
    store.read(path);
    return true;
  } catch {
    return false;
  }
}

/** Opens a layer blob as an uncompressed tar stream (gzip sniffed from the first bytes). */
async function openTar(store: BlobStore, path: string): Promise<Readable> {
  const raw = store.open(path);
  const iterator = raw[Symbol.asyncIterator]();
  const first = await iterator.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  const rest = Readable.from(
    (async function* () {
      if (head.length > 0) yield head;
      for (let r = await iterator.next(); !r.done; r = await iterator.next()) yield r.value as Buffer;
    })(),
  );
  return head[0] === 0x1f && head[1] === 0x8b ? rest.pipe(createGunzip({ chunkSize: 256 * 1024 })) : rest;
}

function chunksOf(buffer: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) chunks.push(buffer.subarray(i, i + size));
  return chunks;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const image = args.find((a) => !a.startsWith("--"));
  if (image === undefined) {
    console.error("usage: node --import tsx bench/fs-walk.ts IMAGE [--preload] [--select-executables]");
    process.exit(2);
  }
  const preload = args.includes("--preload");
  const select = args.includes("--select-executables")
    ? compileFileSelector({ executables: true, maxSize: 256 * 1024 * 1024 })
    : undefined;
  const isArchive = statSync(image).isFile();
  const store = isArchive ? await archiveStore(image) : directoryStore(image);
  const layers = listLayers(store, isArchive);

  const preloaded = preload
    ? layers.map(({ path }) => {
        const blob = store.read(path);
        return blob[0] === 0x1f && blob[1] === 0x8b ? gunzipSync(blob) : blob;
      })
    : [];

  const started = process.hrtime.bigint();
  const indexes: LayerIndex[] = [];
  let tarBytes = 0;
  let buffered = 0;
  for (const [i, { layer, path }] of layers.entries()) {
    const tar = preload ? Readable.from(chunksOf(preloaded[i]!, 64 * 1024)) : await openTar(store, path);
    const index = await readLayer(tar, {
      layer,
      target: image,
      imageBytesBefore: tarBytes,
      ...(select === undefined
        ? {}
        : {
            select,
            onFile: (file) => {
              buffered += file.size;
            },
          }),
    });
    tarBytes += index.stats.tarBytes;
    indexes.push(index);
  }
  const view = squashLayers(indexes);
  let walked = 0;
  for (const _ of view.walk()) walked++;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;

  const mb = (n: number): string => (n / 1024 / 1024).toFixed(1);
  console.log(`image        ${image}`);
  console.log(
    `layers       ${layers.length}  (${preload ? "preloaded, tar + squash timed" : "gunzip included"})`,
  );
  console.log(
    `tar bytes    ${mb(tarBytes)} MiB  entries ${indexes.reduce((n, x) => n + x.stats.entries, 0)}`,
  );
  console.log(
    `view         ${view.files} files, ${view.directories} dirs, ${mb(view.bytes)} MiB, walked ${walked}`,
  );
  if (select !== undefined) console.log(`buffered     ${mb(buffered)} MiB of executables`);
  console.log(
    `time         ${seconds.toFixed(2)} s  (${(tarBytes / 1024 / 1024 / seconds).toFixed(0)} MiB/s of tar)`,
  );
  console.log(`peak RSS     ${mb(process.resourceUsage().maxRSS * 1024)} MiB`);
}

await main();
