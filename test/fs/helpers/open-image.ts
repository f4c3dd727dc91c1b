import { closeSync, createReadStream, existsSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import tarStream from "tar-stream";
import type { LayerIndex, ReadLayerOptions } from "../../../src/fs/index.js";
import { readLayer } from "../../../src/fs/index.js";
import type { Digest, Layer } from "../../../src/model/index.js";

/**
 * A minimal reader for the test images in ../shared/images (OCI layout directory, or an
 * archive tar holding one), so the fs tests can run on real layers without src/image.
 * Gzip is undone here with node:zlib; digests are not checked (src/image's job).
 */
export interface TestImage {
  layers: Layer[];
  /** Uncompressed tar stream of a layer. */
  open(layer: Layer): Readable;
  /** Reads every layer with readLayer, in order. */
  readAll(options?: Partial<ReadLayerOptions>): Promise<LayerIndex[]>;
}

/** `../shared/` beside the repository, or undefined when it is not there. */
export function sharedDir(): string | undefined {
  const dir = new URL("../../../../shared/", import.meta.url).pathname;
  return existsSync(join(dir, "images")) ? dir : undefined;
}

interface Blobs {
  read(path: string): Buffer;
  open(path: string): Readable;
}

function directoryBlobs(dir: string): Blobs {
  return {
    read: (path) => readFileSync(join(dir, path)),
    open: (path) => createReadStream(join(dir, path)),
  };
}

async function archiveBlobs(file: string): Promise<Blobs> {
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
  const locate = (path: string) => {
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
      return size === 0
        ? Readable.from([])
        : createReadStream(file, { start: offset, end: offset + size - 1 });
    },
  };
}

const blobPath = (digest: string): string => `blobs/${digest.replace(":", "/")}`;

/** Opens an OCI layout directory or an archive tar that holds one (index.json inside). */
export async function openTestImage(path: string): Promise<TestImage> {
  const blobs = statSync(path).isFile() ? await archiveBlobs(path) : directoryBlobs(path);
  const index = JSON.parse(blobs.read("index.json").toString());
  const manifest = JSON.parse(blobs.read(blobPath(index.manifests[0].digest)).toString());
  const config = JSON.parse(blobs.read(blobPath(manifest.config.digest)).toString());
  const descriptors: { digest: Digest; mediaType: string; size: number }[] = manifest.layers;
  const layers: Layer[] = descriptors.map((descriptor, i) => ({
    index: i,
    digest: descriptor.digest,
    diffId: config.rootfs.diff_ids[i],
    mediaType: descriptor.mediaType,
    compression: descriptor.mediaType.endsWith("gzip") ? "gzip" : "none",
    size: descriptor.size,
  }));
  const open = (layer: Layer): Readable => {
    const raw = blobs.open(blobPath(layer.digest));
    return layer.compression === "gzip" ? raw.pipe(createGunzip()) : raw;
  };
  return {
    layers,
    open,
    async readAll(options = {}) {
      const out: LayerIndex[] = [];
      let before = 0;
      for (const layer of layers) {
        const index = await readLayer(open(layer), {
          layer,
          target: path,
          imageBytesBefore: before,
          reopen: async () => open(layer),
          ...options,
        });
        before += index.stats.tarBytes;
        out.push(index);
      }
      return out;
    },
  };
}
