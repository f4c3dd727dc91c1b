/**
 * Builds tiny but real container images inside tests: layer tars (tar-stream), gzip/zstd/
 * plain blobs with true digests, configs with diff_ids and history, OCI layouts (flat or
 * nested indexes, several platforms), oci-archives and docker-archives in the layouts
 * `docker save` and skopeo write. Exported for every area's tests.
 *
 * zstd layers need the `zstd` binary (check {@link hasZstdBinary} and skip otherwise):
 * fzstd only decompresses.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import tar from "tar-stream";

export type Compression = "gzip" | "zstd" | "none";

/** One entry of a layer tar. `link` is a hard link (linkname = target path in the layer). */
export interface TarEntrySpec {
  path: string;
  type?: "file" | "directory" | "symlink" | "link";
  content?: string | Buffer;
  linkname?: string;
  mode?: number;
}

export interface LayerSpec {
  entries: TarEntrySpec[];
  /** Default gzip. */
  compression?: Compression;
  /** Media type written in the manifest (default: the OCI type for the compression). */
  mediaType?: string;
  urls?: string[];
  /** Leave the blob out of the layout (a foreign layer hosted elsewhere). */
  omitBlob?: boolean;
  /** History line; default `test layer N`. */
  createdBy?: string;
}

export interface PlatformSpec {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ImageSpec {
  layers: LayerSpec[];
  /** Default linux/amd64. */
  platform?: PlatformSpec;
  /** Merged into the config's `config` (User, Env, Cmd, Labels...). */
  runConfig?: Record<string, unknown>;
  /** Replaces `rootfs.diff_ids` (forged diffIDs). */
  diffIds?: string[];
  /** Extra history entries (empty_layer) put after each layer's own entry. */
  emptyHistoryAfter?: string[];
  /** Replaces the config bytes entirely (a config that is not JSON...). */
  configBytes?: Buffer;
  /** `org.opencontainers.image.ref.name` of the image in a flat index. */
  ref?: string;
  /** RepoTags in a docker-archive. */
  tags?: string[];
}

export interface BuiltLayer {
  digest: string;
  diffId: string;
  size: number;
  mediaType: string;
  compression: Compression;
  /** The uncompressed tar. */
  tar: Buffer;
  /** The blob as stored. */
  blob: Buffer;
  omitted: boolean;
}

export interface BuiltImage {
  layers: BuiltLayer[];
  configBytes: Buffer;
  configDigest: string;
  manifestBytes: Buffer;
  manifestDigest: string;
  platform: PlatformSpec;
  spec: ImageSpec;
}

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

function hex(digest: string): string {
  return digest.slice(digest.indexOf(":") + 1);
}

let zstdPath: string | null | undefined;

/** True when a `zstd` binary is installed (needed to make zstd layers). */
export function hasZstdBinary(): boolean {
  if (zstdPath === undefined) {
    zstdPath = null;
    for (const p of ["/usr/bin/zstd", "/usr/local/bin/zstd"]) {
      try {
        accessSync(p, constants.X_OK);
        zstdPath = p;
        break;
      } catch {
        // not here
      }
    }
  }
  return zstdPath !== null;
}

/** Compresses a blob (gzip with node's zlib, zstd with the `zstd` binary). */
export function compressBlob(bytes: Buffer, compression: Compression): Buffer {
  if (compression === "gzip") return gzipSync(bytes);
  if (compression === "zstd") {
    if (!hasZstdBinary()) throw new Error("zstd binary not installed: skip zstd cases with hasZstdBinary()");
    return execFileSync(zstdPath as string, ["-q", "-c", "-3"], { input: bytes, maxBuffer: 1 << 30 });
  }
  return bytes;
}

/** Builds an uncompressed layer tar from entry specs (fixed mtime, root owner: deterministic). */
export async function makeLayerTar(entries: TarEntrySpec[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pack.on("data", (c) => {
      chunks.push(c as Buffer);
    });
    pack.on("end", () => resolve(Buffer.concat(chunks)));
    pack.on("error", reject);
  });
  for (const e of entries) {
    const type =
      e.type ?? (e.linkname !== undefined ? "symlink" : e.path.endsWith("/") ? "directory" : "file");
    const header = {
      name: e.path,
      type,
      mode: e.mode ?? (type === "directory" ? 0o755 : 0o644),
      mtime: new Date(0),
      uid: 0,
      gid: 0,
      ...(e.linkname === undefined ? {} : { linkname: e.linkname }),
    };
    if (type === "file") {
      const body = typeof e.content === "string" ? Buffer.from(e.content) : (e.content ?? Buffer.alloc(0));
      await new Promise<void>((resolve, reject) =>
        pack.entry(header, body, (err) => (err ? reject(err) : resolve())),
      );
    } else {
      await new Promise<void>((resolve, reject) =>
        pack.entry(header, (err) => (err ? reject(err) : resolve())),
      );
    }
  }
  pack.finalize();
  return done;
}

function layerMediaType(compression: Compression): string {
  if (compression === "gzip") return "application/vnd.oci.image.layer.v1.tar+gzip";
  if (compression === "zstd") return "application/vnd.oci.image.layer.v1.tar+zstd";
  return "application/vnd.oci.image.layer.v1.tar";
}

/** Builds the blobs of one image: layers, config (with diff_ids and history), OCI manifest. */
export async function buildImage(spec: ImageSpec): Promise<BuiltImage> {
  const platform = spec.platform ?? { os: "linux", architecture: "amd64" };
  const layers: BuiltLayer[] = [];
  for (const l of spec.layers) {
    const layerTar = await makeLayerTar(l.entries);
    const compression = l.compression ?? "gzip";
    const blob = compressBlob(layerTar, compression);
    layers.push({
      digest: sha256(blob),
      diffId: sha256(layerTar),
      size: blob.length,
      mediaType: l.mediaType ?? layerMediaType(compression),
      compression,
      tar: layerTar,
      blob,
      omitted: l.omitBlob === true,
    });
  }
  const history: Record<string, unknown>[] = [];
  spec.layers.forEach((l, i) => {
    history.push({ created: "2024-01-01T00:00:00Z", created_by: l.createdBy ?? `test layer ${i + 1}` });
    for (const line of spec.emptyHistoryAfter ?? []) {
      history.push({ created: "2024-01-01T00:00:00Z", created_by: line, empty_layer: true });
    }
  });
  const config = {
    created: "2024-01-01T00:00:00Z",
    architecture: platform.architecture,
    os: platform.os,
    ...(platform.variant ? { variant: platform.variant } : {}),
    config: { Env: ["PATH=/usr/bin:/bin"], Cmd: ["/bin/sh"], ...spec.runConfig },
    rootfs: { type: "layers", diff_ids: spec.diffIds ?? layers.map((l) => l.diffId) },
    history,
  };
  const configBytes = spec.configBytes ?? Buffer.from(JSON.stringify(config));
  const configDigest = sha256(configBytes);
  const manifest = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {
      mediaType: "application/vnd.oci.image.config.v1+json",
      digest: configDigest,
      size: configBytes.length,
    },
    layers: layers.map((l, i) => ({
      mediaType: l.mediaType,
      digest: l.digest,
      size: l.size,
      ...(spec.layers[i]?.urls ? { urls: spec.layers[i]?.urls } : {}),
    })),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  return {
    layers,
    configBytes,
    configDigest,
    manifestBytes,
    manifestDigest: sha256(manifestBytes),
    platform,
    spec,
  };
}

/** Files of an image container, path → bytes (symlinks as `{ symlink: target }`). */
export type ContainerFiles = Map<string, Buffer | { symlink: string }>;

export interface OciLayoutOptions {
  /** `flat`: every image listed in index.json; `nested`: index.json → one index blob → images. */
  index?: "flat" | "nested";
  /** Ref name of the single/nested image (default `latest`; `null` for none). */
  ref?: string | null;
  /** Platform descriptors in the index (default true when several images). */
  platforms?: boolean;
  /** Last chance to change files (tamper with a blob...) before they are written. */
  mutate?: (files: ContainerFiles, images: BuiltImage[]) => void;
}

export interface LayoutResult {
  images: BuiltImage[];
  /** Digest of the nested index blob, for `nested`. */
  indexDigest?: string;
}

function isImageSpecs(value: LayerSpec[] | ImageSpec[]): value is ImageSpec[] {
  return value.length > 0 && "layers" in (value[0] as object);
}

function addBlob(files: ContainerFiles, digest: string, bytes: Buffer): void {
  files.set(`blobs/sha256/${hex(digest)}`, bytes);
}

function addImageBlobs(files: ContainerFiles, image: BuiltImage): void {
  for (const l of image.layers) if (!l.omitted) addBlob(files, l.digest, l.blob);
  addBlob(files, image.configDigest, image.configBytes);
  addBlob(files, image.manifestDigest, image.manifestBytes);
}

function descriptorOf(image: BuiltImage, platform: boolean, ref?: string | null): Record<string, unknown> {
  return {
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    digest: image.manifestDigest,
    size: image.manifestBytes.length,
    ...(platform ? { platform: image.platform } : {}),
    ...(ref ? { annotations: { "org.opencontainers.image.ref.name": ref } } : {}),
  };
}

/** The files of an OCI image layout holding `images`. */
export async function buildOciLayoutFiles(
  layersOrImages: LayerSpec[] | ImageSpec[],
  options: OciLayoutOptions = {},
): Promise<{ files: ContainerFiles; result: LayoutResult }> {
  const specs: ImageSpec[] = isImageSpecs(layersOrImages)
    ? layersOrImages
    : [{ layers: layersOrImages as LayerSpec[] }];
  const images: BuiltImage[] = [];
  for (const s of specs) images.push(await buildImage(s));
  const files: ContainerFiles = new Map();
  files.set("oci-layout", Buffer.from(JSON.stringify({ imageLayoutVersion: "1.0.0" })));
  for (const image of images) addImageBlobs(files, image);
  const ref = options.ref === undefined ? "latest" : options.ref;
  const platforms = options.platforms ?? images.length > 1;
  const result: LayoutResult = { images };
  let manifests: Record<string, unknown>[];
  if (options.index === "nested") {
    const nested = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: "application/vnd.oci.image.index.v1+json",
        manifests: images.map((image) => descriptorOf(image, platforms)),
      }),
    );
    result.indexDigest = sha256(nested);
    addBlob(files, result.indexDigest, nested);
    manifests = [
      {
        mediaType: "application/vnd.oci.image.index.v1+json",
        digest: result.indexDigest,
        size: nested.length,
        ...(ref ? { annotations: { "org.opencontainers.image.ref.name": ref } } : {}),
      },
    ];
  } else {
    manifests = images.map((image, i) =>
      descriptorOf(image, platforms, specs[i]?.ref ?? (images.length === 1 ? ref : undefined)),
    );
  }
  files.set(
    "index.json",
    Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.index.v1+json", manifests }),
    ),
  );
  options.mutate?.(files, images);
  return { files, result };
}

async function writeDir(dir: string, files: ContainerFiles): Promise<void> {
  for (const [path, content] of files) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    if (Buffer.isBuffer(content)) await writeFile(full, content);
    else throw new Error("symlinks are only written into tar containers");
  }
}

/** Writes a tar of `files` (directories implied, symlinks as symlink entries). */
export async function writeTarFile(file: string, files: ContainerFiles): Promise<void> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on("data", (c) => {
      chunks.push(c as Buffer);
    });
    pack.on("end", () => resolve());
    pack.on("error", reject);
  });
  for (const [path, content] of files) {
    const header = { name: path, mtime: new Date(0), mode: 0o644 };
    if (Buffer.isBuffer(content)) {
      await new Promise<void>((resolve, reject) =>
        pack.entry(header, content, (e) => (e ? reject(e) : resolve())),
      );
    } else {
      await new Promise<void>((resolve, reject) =>
        pack.entry({ ...header, type: "symlink", linkname: content.symlink }, (e) =>
          e ? reject(e) : resolve(),
        ),
      );
    }
  }
  pack.finalize();
  await done;
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, Buffer.concat(chunks));
}

/**
 * Writes an OCI image layout directory (`oci-dir:`). Pass layers for one image, or image
 * specs for several (flat index with platforms, or `index: "nested"`).
 */
export async function makeOciLayout(
  dir: string,
  layersOrImages: LayerSpec[] | ImageSpec[],
  options: OciLayoutOptions = {},
): Promise<LayoutResult> {
  const { files, result } = await buildOciLayoutFiles(layersOrImages, options);
  await writeDir(dir, files);
  return result;
}

/** Writes the same layout as {@link makeOciLayout} packed in a tar (`oci-archive:`). */
export async function makeOciArchive(
  file: string,
  layersOrImages: LayerSpec[] | ImageSpec[],
  options: OciLayoutOptions = {},
): Promise<LayoutResult> {
  const { files, result } = await buildOciLayoutFiles(layersOrImages, options);
  await writeTarFile(file, files);
  return result;
}

export interface DockerArchiveOptions {
  /**
   * `blobs`: Docker 25+ (`blobs/sha256/<hex>` layers and config, plus index.json/oci-layout);
   * `skopeo`: `<diffid>.tar` layers, `<config hex>.json`, legacy `<id>/layer.tar` symlinks;
   * `legacy`: `<id>/layer.tar` files and `<config hex>.json` (docker save before 25).
   */
  layout?: "blobs" | "skopeo" | "legacy";
  /** Write the legacy `repositories` file (default true). */
  repositories?: boolean;
  /** Leave RepoTags out of manifest.json (tags then come from `repositories` only). */
  omitRepoTags?: boolean;
  mutate?: (files: ContainerFiles, images: BuiltImage[]) => void;
}

/**
 * Writes a docker-archive (`docker save` output) holding one image (from layers) or
 * several (image specs with `tags`). Layers are stored as the spec's compression says
 * (docker itself writes them plain).
 */
export async function makeDockerArchive(
  file: string,
  layersOrImages: LayerSpec[] | ImageSpec[],
  options: DockerArchiveOptions = {},
): Promise<{ images: BuiltImage[] }> {
  const specs: ImageSpec[] = isImageSpecs(layersOrImages)
    ? layersOrImages
    : [{ layers: layersOrImages as LayerSpec[], tags: ["test/image:latest"] }];
  const layout = options.layout ?? "skopeo";
  const images: BuiltImage[] = [];
  for (const s of specs) images.push(await buildImage(s));
  const files: ContainerFiles = new Map();
  const manifest: Record<string, unknown>[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const image of images) {
    const configPath =
      layout === "blobs" ? `blobs/sha256/${hex(image.configDigest)}` : `${hex(image.configDigest)}.json`;
    files.set(configPath, image.configBytes);
    const layerPaths: string[] = [];
    let parent = "";
    for (const l of image.layers) {
      // The legacy layer id chains the parent id and the diffID, as docker did.
      const id = hex(sha256(Buffer.from(`${parent}\n${l.diffId}`)));
      parent = id;
      let path: string;
      if (layout === "blobs") {
        path = `blobs/sha256/${hex(l.digest)}`;
        if (!l.omitted) files.set(path, l.blob);
      } else if (layout === "skopeo") {
        path = `${hex(l.diffId)}.tar`;
        if (!l.omitted) files.set(path, l.blob);
        files.set(`${id}/layer.tar`, { symlink: `../${path}` });
        files.set(`${id}/VERSION`, Buffer.from("1.0"));
      } else {
        path = `${id}/layer.tar`;
        if (!l.omitted) files.set(path, l.blob);
        files.set(`${id}/VERSION`, Buffer.from("1.0"));
      }
      layerPaths.push(path);
    }
    const tags = image.spec.tags ?? [];
    manifest.push({ Config: configPath, RepoTags: options.omitRepoTags ? null : tags, Layers: layerPaths });
    for (const tag of tags) {
      const colon = tag.lastIndexOf(":");
      const repo = tag.slice(0, colon);
      repositories[repo] = { ...repositories[repo], [tag.slice(colon + 1)]: parent };
    }
  }
  files.set("manifest.json", Buffer.from(JSON.stringify(manifest)));
  if (options.repositories !== false) files.set("repositories", Buffer.from(JSON.stringify(repositories)));
  if (layout === "blobs") {
    for (const image of images) addBlob(files, image.manifestDigest, image.manifestBytes);
    files.set("oci-layout", Buffer.from(JSON.stringify({ imageLayoutVersion: "1.0.0" })));
    files.set(
      "index.json",
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: "application/vnd.oci.image.index.v1+json",
          manifests: images.map((image) => descriptorOf(image, true, image.spec.tags?.[0]?.split(":").pop())),
        }),
      ),
    );
  }
  options.mutate?.(files, images);
  await writeTarFile(file, files);
  return { images };
}

/** A few files every test image can use. */
export function sampleLayers(compression: Compression = "gzip"): LayerSpec[] {
  return [
    {
      compression,
      entries: [
        { path: "etc/", type: "directory" },
        { path: "etc/os-release", content: "ID=test\nVERSION_ID=1\n" },
        { path: "bin/", type: "directory" },
        { path: "bin/sh", content: "#!fake shell\n", mode: 0o755 },
      ],
    },
    {
      compression,
      entries: [
        { path: "etc/.wh.os-release" },
        { path: "app/", type: "directory" },
        { path: "app/main.js", content: "console.log(1)\n" },
        { path: "app/link", linkname: "main.js" },
      ],
      createdBy: "COPY app /app",
    },
  ];
}
