import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import tar from "tar-stream";

/**
 * Pulls a few regular files out of a docker-archive / OCI-layout tar (as ../shared/images
 * stores them) without unpacking it: streams the outer tar once, runs every gzip blob through
 * a tar reader, and returns each wanted path from the topmost layer (manifest.json order)
 * that holds it as a regular file. Test-only: the real pipeline lives in src/image + src/fs.
 */
export async function extractImageFiles(
  archive: string,
  wanted: string[],
): Promise<Map<string, { bytes: Buffer; mode: number }>> {
  const want = new Set(wanted.map((p) => p.replace(/^\/+/, "")));
  const perBlob = new Map<string, Map<string, { bytes: Buffer; mode: number }>>();
  let manifest: { Layers: string[] }[] = [];
  const outer = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    outer.on("finish", resolve);
    outer.on("error", reject);
  });
  outer.on("entry", (header, stream, next) => {
    const finish = (e?: unknown) => (e ? outer.destroy(e as Error) : next());
    if (header.name === "manifest.json") {
      readAll(stream).then((b) => {
        manifest = JSON.parse(b.toString("utf8"));
        finish();
      }, finish);
    } else if (header.name.startsWith("blobs/sha256/") && header.type === "file") {
      readLayer(stream, want).then((files) => {
        if (files.size > 0) perBlob.set(header.name, files);
        finish();
      }, finish);
    } else {
      stream.on("end", () => finish());
      stream.resume();
    }
  });
  createReadStream(archive).pipe(outer);
  await done;
  const layers = manifest[0]?.Layers ?? [];
  const out = new Map<string, { bytes: Buffer; mode: number }>();
  for (const layer of layers) {
    for (const [path, file] of perBlob.get(layer) ?? []) out.set(`/${path}`, file);
  }
  return out;
}

async function readAll(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Reads a blob; if it is a gzip tar, keeps the wanted regular files. Other blobs are drained. */
async function readLayer(
  stream: AsyncIterable<unknown>,
  want: Set<string>,
): Promise<Map<string, { bytes: Buffer; mode: number }>> {
  const files = new Map<string, { bytes: Buffer; mode: number }>();
  const gunzip = createGunzip();
  const inner = tar.extract();
  inner.on("entry", (header, entry, next) => {
    const name = header.name.replace(/^\.?\/+/, "");
    if (header.type === "file" && want.has(name)) {
      readAll(entry).then((bytes) => {
        files.set(name, { bytes, mode: header.mode ?? 0 });
        next();
      }, next);
    } else {
      entry.on("end", () => next());
      entry.resume();
    }
  });
  const finished = new Promise<void>((resolve, reject) => {
    inner.on("finish", resolve);
    inner.on("error", reject);
    gunzip.on("error", reject);
  });
  gunzip.pipe(inner);
  let isGzip: boolean | undefined;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    isGzip ??= chunk[0] === 0x1f && chunk[1] === 0x8b;
    if (!isGzip) continue;
    if (!gunzip.write(chunk)) await new Promise((r) => gunzip.once("drain", r));
  }
  if (!isGzip) return files;
  gunzip.end();
  await finished;
  return files;
}
