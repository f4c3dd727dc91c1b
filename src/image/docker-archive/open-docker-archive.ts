import { type Digest, DrydockError, type TargetInfo } from "../../model/index.js";
import { createImageSource, type ImageParts } from "../blob-image-source.js";
import { sniffCompression, sniffLength } from "../compression.js";
import { checkConfigPlatform, configPlatform } from "../config-platform.js";
import { digestOf } from "../hash.js";
import { joinLayers, type LayerBlob, parseImageConfig } from "../image-config.js";
import type { ImageSource } from "../image-source.js";
import type { IntakeOptions } from "../intake-options.js";
import { openLayerStream } from "../layer-stream.js";
import { parseDescriptor } from "../manifest.js";
import { describeLayerMediaType, MediaType, ociLayerMediaType } from "../media-types.js";
import { parsePlatform } from "../platform.js";
import { maxConfigBytes, maxManifestBytes, parseJson } from "../read-blob.js";
import { TarIndex } from "../tar-index.js";
import type { ArchiveSelector } from "../target.js";
import {
  type ArchiveImage,
  addLegacyTags,
  chooseArchiveImage,
  parseArchiveManifest,
} from "./archive-manifest.js";
import { deriveSchema2Manifest } from "./derived-manifest.js";

/**
 * The digest a member name vouches for: `blobs/sha256/<hex>` (Docker 25+) names the stored
 * bytes; `<hex>.tar` (skopeo) and `<hex>.json` name the uncompressed layer / the config.
 */
function digestInName(name: string): { digest: Digest; of: "blob" | "content" } | undefined {
  const blob = /^blobs\/(sha256|sha512)\/([a-f0-9]{64}|[a-f0-9]{128})$/.exec(name);
  if (blob) return { digest: `${blob[1]}:${blob[2]}` as Digest, of: "blob" };
  const flat = /^([a-f0-9]{64})\.(tar|json)$/.exec(name);
  if (flat) return { digest: `sha256:${flat[1]}` as Digest, of: "content" };
  return undefined;
}

async function consume(stream: NodeJS.ReadableStream): Promise<void> {
  for await (const _ of stream) {
    // drained only to hash and count
  }
}

/**
 * Opens `docker save` output (`docker-archive:FILE[@N|:tag]`), read in place: manifest.json
 * (+ legacy `repositories` for tags), the config (verified against its file name), and
 * layers stored as `<id>/layer.tar`, `<diffid>.tar` or `blobs/sha256/<hex>`, gzip, zstd or
 * plain. manifest.json has no layer digests: a layer's digest is that of the file as stored.
 * The manifest digest is the one of the Docker schema 2 manifest derived from the archive
 * (see {@link deriveSchema2Manifest}); it needs each layer's uncompressed size, so
 * compressed layers are read once on open (their diffIDs are verified on the way), unless
 * `options.deriveArchiveDigest` is false (then `target.digest` stays unset for them).
 * @throws DrydockError DRYDOCK_TARGET_FORMAT, DRYDOCK_TARGET_AMBIGUOUS, DRYDOCK_TARGET_NOT_FOUND,
 *   DRYDOCK_BLOB_MISSING, DRYDOCK_DIGEST_MISMATCH, DRYDOCK_CONFIG_NOT_JSON,
 *   DRYDOCK_PLATFORM_NOT_FOUND, DRYDOCK_LAYER_CORRUPT.
 */
export async function openDockerArchive(
  file: string,
  input: string,
  select: ArchiveSelector | undefined,
  options: IntakeOptions = {},
): Promise<ImageSource> {
  const want = options.platform === undefined ? undefined : parsePlatform(options.platform);
  const index = await TarIndex.open(file, { label: input });
  if (!index.hasFile("manifest.json")) {
    const legacy = index.hasFile("repositories");
    throw new DrydockError(
      "DRYDOCK_TARGET_FORMAT",
      `${input}: no manifest.json${legacy ? " (a pre-1.10 docker save archive: not supported)" : " (not a docker-archive)"}`,
    );
  }
  const images = parseArchiveManifest(
    parseJson(await index.read("manifest.json", maxManifestBytes), `${input}: manifest.json`),
    input,
  );
  await addRepositoryTags(index, images);
  const image = chooseArchiveImage(images, select, input);

  const configEntry = index.resolve(image.config);
  if (configEntry === undefined) {
    throw new DrydockError(
      "DRYDOCK_BLOB_MISSING",
      `${input}: config ${JSON.stringify(image.config)} is not in the archive`,
    );
  }
  const configBytes = await index.read(image.config, maxConfigBytes);
  const configDigest = digestOf(configBytes);
  const configClaim = digestInName(configEntry.name);
  if (
    configClaim &&
    configClaim.digest !==
      digestOf(configBytes, configClaim.digest.startsWith("sha512:") ? "sha512" : "sha256")
  ) {
    throw new DrydockError(
      "DRYDOCK_DIGEST_MISMATCH",
      `${input}: config ${image.config}: digest mismatch: expected ${configClaim.digest}, got ${configDigest}`,
    );
  }
  const configWhere = `${input}: config ${image.config}`;
  const config = parseImageConfig(configBytes, configWhere);
  if (want !== undefined) checkConfigPlatform(config, want, input);
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== image.layers.length) {
    throw new DrydockError(
      "DRYDOCK_TARGET_FORMAT",
      `${configWhere}: the config lists ${diffIds.length} diff_ids but manifest.json has ${image.layers.length} layers`,
    );
  }

  const blobs: LayerBlob[] = [];
  const sizes: (number | undefined)[] = [];
  for (const [i, path] of image.layers.entries()) {
    const diffId = diffIds[i] as Digest;
    const entry = index.resolve(path);
    if (entry === undefined) {
      blobs.push(foreignLayer(image, diffId, path, input, i));
      sizes.push(undefined);
      continue;
    }
    const compression = sniffCompression(await index.head(path, sniffLength));
    const claim = digestInName(entry.name);
    const blob: LayerBlob = {
      digest: claim?.of === "blob" ? claim.digest : diffId,
      size: entry.size,
      mediaType: ociLayerMediaType(compression),
      compression,
    };
    if (compression === "none" || (claim?.of === "blob" && options.deriveArchiveDigest === false)) {
      blobs.push(blob);
      sizes.push(compression === "none" ? entry.size : undefined);
      continue;
    }
    // Compressed: one pass gives the stored digest (when no name vouches for it) and the
    // uncompressed size the derived manifest needs; the diffID is checked on the way.
    options.onEvent?.("image archive-layer-measure", { layer: i + 1, path, bytes: entry.size });
    const handle = await openLayerStream(index.open(path), {
      ...options,
      target: input,
      layer: { index: i, digest: blob.digest, diffId, compression, size: entry.size },
      verifyDigest: claim?.of === "blob",
    });
    await consume(handle.stream);
    const measured = await handle.result;
    blob.digest = measured.digest;
    blobs.push(blob);
    sizes.push(measured.uncompressedBytes);
  }
  const layers = joinLayers(blobs, config, configWhere);

  const target: TargetInfo = { input, configDigest };
  const manifest: ImageSource["manifest"] = { mediaType: MediaType.dockerManifest };
  if (sizes.every((s) => s !== undefined)) {
    const bytes = deriveSchema2Manifest(
      { digest: configDigest, size: configBytes.length },
      layers.map((l, i) => ({ diffId: l.diffId, uncompressedSize: sizes[i] as number })),
    );
    manifest.bytes = bytes;
    manifest.digest = digestOf(bytes);
    target.digest = manifest.digest;
  }
  if (image.tags[0] !== undefined) target.ref = image.tags[0];
  const platform = configPlatform(config);
  if (platform !== undefined) target.platform = platform;

  const parts: ImageParts = {
    target,
    manifest,
    configDigest,
    config,
    layers,
    async openBlob(layer) {
      const path = image.layers[layer.index] as string;
      if (index.resolve(path) === undefined) {
        throw new DrydockError(
          "DRYDOCK_BLOB_MISSING",
          `${input}: layer ${layer.index + 1} is a foreign layer whose blob is not in the archive${layer.urls?.length ? ` (it lives at ${layer.urls.join(", ")})` : ""}`,
        );
      }
      return index.open(path);
    },
    close: async () => {},
  };
  return createImageSource(parts, options);
}

/** A layer listed in manifest.json but absent: acceptable only as a foreign layer (`LayerSources`). */
function foreignLayer(
  image: ArchiveImage,
  diffId: Digest,
  path: string,
  input: string,
  i: number,
): LayerBlob {
  const source = image.layerSources[diffId];
  if (source === undefined) {
    throw new DrydockError(
      "DRYDOCK_BLOB_MISSING",
      `${input}: layer ${i + 1} ${JSON.stringify(path)} is not in the archive`,
    );
  }
  const descriptor = parseDescriptor(source, `${input}: manifest.json LayerSources ${diffId}`);
  const info = describeLayerMediaType(descriptor.mediaType);
  const blob: LayerBlob = {
    digest: descriptor.digest,
    size: descriptor.size,
    mediaType: descriptor.mediaType,
    compression: info?.compression ?? "gzip",
    foreign: true,
  };
  if (descriptor.urls?.length) blob.urls = descriptor.urls;
  return blob;
}

/** Fills tags of untagged images from the legacy `repositories` file, when it parses. */
async function addRepositoryTags(index: TarIndex, images: ArchiveImage[]): Promise<void> {
  if (!index.hasFile("repositories") || images.every((i) => i.repoTagsGiven)) return;
  let repositories: unknown;
  try {
    repositories = JSON.parse((await index.read("repositories", 1024 * 1024)).toString("utf8"));
  } catch {
    return; // legacy metadata only: a broken file costs tags, not the image
  }
  const top = (image: ArchiveImage) => {
    const last = image.layers.at(-1);
    return last === undefined ? undefined : safeResolve(index, last);
  };
  addLegacyTags(images, repositories, (id, image) => {
    const mine = top(image);
    return mine !== undefined && safeResolve(index, `${id}/layer.tar`) === mine;
  });
}

function safeResolve(index: TarIndex, name: string): string | undefined {
  try {
    return index.resolve(name)?.name;
  } catch {
    return undefined;
  }
}
