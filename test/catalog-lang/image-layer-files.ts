import { createReadStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";

/** Which files of which layer (0-based, manifest order) to write where. */
export interface LayerRequest {
  layerIndex: number;
  wanted: (path: string) => boolean;
  into: string;
}

/**
 * Test support: reads files of layers of an image archive (docker-archive layout with
 * `manifest.json`) into folders, so a cataloger can run on real image content without the
 * fs stage. Regular files only, paths relative to the image root; `..` entries are refused.
 * The archive is read twice (manifest.json is stored last), the layers once each.
 */
export async function extractLayerFiles(archive: string, requests: LayerRequest[]): Promise<void> {
  const manifest = JSON.parse((await readArchiveEntry(archive, "manifest.json")).toString("utf8")) as {
    Layers: string[];
  }[];
  const byBlob = new Map<string, LayerRequest>();
  for (const request of requests) {
    const blob = manifest[0]?.Layers[request.layerIndex];
    if (blob === undefined) throw new Error(`${archive}: no layer ${request.layerIndex}`);
    byBlob.set(blob, request);
  }
  const outer = tar.extract();
  const done = pipeline(createReadStream(archive), outer);
  outer.on("entry", (header, stream, next) => {
    const request = byBlob.get(header.name);
    if (request === undefined) {
      stream.resume();
      stream.on("end", next);
      return;
    }
    byBlob.delete(header.name);
    const inner = createLayerWriter(request);
    pipeline(stream, createGunzip(), inner).then(() => next(), next);
  });
  await done;
  if (byBlob.size > 0) throw new Error(`${archive}: layers not found: ${[...byBlob.keys()].join(", ")}`);
}

function createLayerWriter({ wanted, into }: LayerRequest): tar.Extract {
  const inner = tar.extract();
  inner.on("entry", (header, stream, next) => {
    const path = `/${header.name.replace(/^\.?\/+/, "")}`;
    if (header.type !== "file" || path.split("/").includes("..") || !wanted(path)) {
      stream.resume();
      stream.on("end", next);
      return;
    }
    const chunks: Buffer[] = [];
    stream.on("data", (c: unknown) => chunks.push(c as Buffer));
    stream.on("end", () => {
      const target = join(into, path);
      mkdir(dirname(target), { recursive: true })
        .then(() => writeFile(target, Buffer.concat(chunks)))
        .then(() => next(), next);
    });
  });
  return inner;
}

async function readArchiveEntry(archive: string, name: string): Promise<Buffer> {
  const extract = tar.extract();
  let content: Buffer | undefined;
  extract.on("entry", (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on("data", (c: unknown) => {
      if (header.name === name) chunks.push(c as Buffer);
    });
    stream.on("end", () => {
      if (header.name === name) content = Buffer.concat(chunks);
      next();
    });
  });
  await pipeline(createReadStream(archive), extract);
  if (content === undefined) throw new Error(`${archive}: no ${name}`);
  return content;
}
