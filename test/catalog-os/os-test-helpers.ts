import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { gunzipSync } from "node:zlib";
import tar from "tar-stream";
import type { Cataloger, ParsedFile } from "../../src/catalog/cataloger.js";
import { distroCataloger, resolveDistro } from "../../src/catalog/distro/index.js";
import type { Distro } from "../../src/model/index.js";
import { runCatalogersOnDir } from "../helpers/catalog-case.js";

/** The distro of a folder laid out as an image root, as the catalog stage would resolve it. */
export async function distroOfDir(root: string): Promise<Distro | undefined> {
  let captured: ParsedFile[] = [];
  const capturing: Cataloger = {
    ...distroCataloger,
    assemble(files) {
      captured = files;
      return { packages: [], diagnostics: [] };
    },
  } as Cataloger;
  await runCatalogersOnDir([capturing], root);
  return resolveDistro(captured);
}

/**
 * Squashes the layers of an OCI image layout (first manifest of index.json, gzip layers)
 * and writes the regular files `wanted` selects under `outDir`, as they are in the final
 * filesystem (a later layer's copy wins; `.wh.` whiteouts delete). `image` is an OCI layout
 * folder, or a tar holding one (docker-archive / oci-archive as shared/images stores them).
 */
export async function extractOciFiles(
  image: string,
  outDir: string,
  wanted: (path: string) => boolean,
): Promise<string[]> {
  const read = statSync(image).isDirectory()
    ? (name: string): Buffer => readFileSync(join(image, name))
    : await readTarMembers(readFileSync(image));
  const blob = (digest: string): Buffer => read(`blobs/${digest.replace(":", "/")}`);
  const index = JSON.parse(read("index.json").toString("utf8")) as { manifests: { digest: string }[] };
  const manifest = JSON.parse(blob(index.manifests[0]!.digest).toString("utf8")) as {
    layers: { digest: string; mediaType: string }[];
  };
  const files = new Map<string, Buffer>();
  for (const layer of manifest.layers) {
    const raw = blob(layer.digest);
    const tarBytes = layer.mediaType.endsWith("gzip") ? gunzipSync(raw) : raw;
    await forEachTarEntry(tarBytes, (header, bytes) => {
      const path = `/${header.name.replace(/^\.?\/+/, "").replace(/\/$/, "")}`;
      const base = path.slice(path.lastIndexOf("/") + 1);
      if (base.startsWith(".wh.")) {
        const target = `${dirname(path)}/${base.slice(4)}`.replace(/^\/\//, "/");
        for (const p of [...files.keys()]) if (p === target || p.startsWith(`${target}/`)) files.delete(p);
      }
      if (!wanted(path)) return;
      if (header.type === "file") files.set(path, bytes);
      else files.delete(path);
    });
  }
  for (const [path, bytes] of files) {
    const target = join(outDir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
  return [...files.keys()].sort();
}

/** Every member of a tar, by name, read into memory. */
async function readTarMembers(tarBytes: Buffer): Promise<(name: string) => Buffer> {
  const members = new Map<string, Buffer>();
  await forEachTarEntry(tarBytes, (header, bytes) => {
    if (header.type === "file") members.set(header.name.replace(/^\.?\/+/, ""), bytes);
  });
  return (name) => {
    const found = members.get(name);
    if (!found) throw new Error(`test image: no ${name} in the archive`);
    return found;
  };
}

async function forEachTarEntry(
  tarBytes: Buffer,
  onEntry: (header: tar.Header, bytes: Buffer) => void,
): Promise<void> {
  const extract = tar.extract();
  const done = new Promise<void>((resolve, reject) => {
    extract.on("entry", (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: unknown) => {
        chunks.push(c as Buffer);
      });
      stream.on("end", () => {
        onEntry(header, Buffer.concat(chunks));
        next();
      });
      stream.resume();
    });
    extract.on("finish", resolve);
    extract.on("error", reject);
  });
  Readable.from([tarBytes]).pipe(extract);
  await done;
}

/** Reads a TSV with a header line into objects. */
export function readTsv(path: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(path, "utf8").trimEnd().split("\n");
  const cols = head!.split("\t");
  return rows.map((r) => Object.fromEntries(r.split("\t").map((v, i) => [cols[i]!, v])));
}

/**
 * A zstd frame holding `data` in raw (stored) blocks (RFC 8878 section 3.1): enough for
 * tests of a zstd reader without a compressor.
 */
export function zstdRawFrame(data: Buffer): Buffer {
  const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38])];
  const max = 128 * 1024;
  for (let at = 0; at < data.length || at === 0; at += max) {
    const chunk = data.subarray(at, at + max);
    const last = at + max >= data.length ? 1 : 0;
    const header = (chunk.length << 3) | last;
    parts.push(Buffer.from([header & 255, (header >> 8) & 255, (header >> 16) & 255]), chunk);
    if (data.length === 0) break;
  }
  return Buffer.concat(parts);
}
