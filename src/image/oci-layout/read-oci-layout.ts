import { DrydockError, type TargetInfo } from "../../model/index.js";
import { createImageSource, type ImageParts } from "../blob-image-source.js";
import { type BlobStore, blobPath } from "../blob-store.js";
import { checkConfigPlatform, configPlatform } from "../config-platform.js";
import { joinLayers, manifestLayerBlobs, parseImageConfig } from "../image-config.js";
import type { ImageSource } from "../image-source.js";
import type { IntakeOptions } from "../intake-options.js";
import { parseImageIndex, parseImageManifest } from "../manifest.js";
import { isImageConfigMediaType } from "../media-types.js";
import { parsePlatform } from "../platform.js";
import { maxConfigBytes, maxManifestBytes, parseJson, readVerifiedBlob } from "../read-blob.js";
import { refNameAnnotation, selectManifest } from "./select-manifest.js";

const containerdNameAnnotation = "io.containerd.image.name";

/**
 * Reads an OCI image layout (image-spec image-layout.md) from a {@link BlobStore} — a
 * directory (`oci-dir:`) or a tar (`oci-archive:`): `oci-layout`, `index.json`, nested
 * indexes, the chosen manifest and its config, all digest-verified on open.
 * @throws DrydockError DRYDOCK_TARGET_FORMAT, DRYDOCK_DIGEST_MISMATCH, DRYDOCK_BLOB_MISSING,
 *   DRYDOCK_CONFIG_NOT_JSON, DRYDOCK_MEDIA_TYPE_UNSUPPORTED, DRYDOCK_TARGET_NOT_FOUND,
 *   DRYDOCK_TARGET_AMBIGUOUS, DRYDOCK_PLATFORM_NOT_FOUND.
 */
export async function readOciLayout(
  store: BlobStore,
  input: string,
  ref: string | undefined,
  options: IntakeOptions,
): Promise<ImageSource> {
  const where = input;
  const want = options.platform === undefined ? undefined : parsePlatform(options.platform);
  const layoutBytes = await store.read("oci-layout", 64 * 1024);
  if (layoutBytes === undefined)
    throw new DrydockError("DRYDOCK_TARGET_FORMAT", `${where}: no oci-layout file (not an OCI image layout)`);
  const layout = parseJson(layoutBytes, `${where}: oci-layout`) as { imageLayoutVersion?: unknown };
  if (
    typeof layout !== "object" ||
    layout === null ||
    typeof layout.imageLayoutVersion !== "string" ||
    !layout.imageLayoutVersion.startsWith("1.")
  ) {
    throw new DrydockError(
      "DRYDOCK_TARGET_FORMAT",
      `${where}: unsupported oci-layout (imageLayoutVersion ${JSON.stringify((layout as { imageLayoutVersion?: unknown })?.imageLayoutVersion)})`,
    );
  }
  const indexBytes = await store.read("index.json", maxManifestBytes);
  if (indexBytes === undefined)
    throw new DrydockError("DRYDOCK_TARGET_FORMAT", `${where}: no index.json in the OCI layout`);
  const index = parseImageIndex(parseJson(indexBytes, `${where}: index.json`), `${where}: index.json`);

  const selection = await selectManifest(store, index.manifests, {
    where,
    ...(ref === undefined ? {} : { ref }),
    ...(want === undefined ? {} : { platform: want }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  const { descriptor } = selection;
  const manifestWhere = `${where}: manifest ${descriptor.digest}`;
  const manifestBytes = await readVerifiedBlob(store, descriptor, "manifest", maxManifestBytes);
  const manifest = parseImageManifest(
    parseJson(manifestBytes, manifestWhere),
    manifestWhere,
    descriptor.mediaType,
  );
  if (!isImageConfigMediaType(manifest.config.mediaType)) {
    throw new DrydockError(
      "DRYDOCK_MEDIA_TYPE_UNSUPPORTED",
      `${manifestWhere}: not a container image (config mediaType ${JSON.stringify(manifest.config.mediaType)})`,
    );
  }
  const configBytes = await readVerifiedBlob(store, manifest.config, "config", maxConfigBytes);
  const config = parseImageConfig(configBytes, `${where}: config ${manifest.config.digest}`);
  if (want !== undefined) checkConfigPlatform(config, want, where);

  const blobs = manifestLayerBlobs(manifest.layers, manifestWhere);
  const layers = joinLayers(blobs, config, `${where}: config ${manifest.config.digest}`);

  const top = selection.top;
  const target: TargetInfo = { input, digest: descriptor.digest, configDigest: manifest.config.digest };
  const name = top.annotations?.[containerdNameAnnotation] ?? top.annotations?.[refNameAnnotation] ?? ref;
  if (name !== undefined) target.ref = name;
  const platform = configPlatform(config, descriptor.platform);
  if (platform !== undefined) target.platform = platform;

  const parts: ImageParts = {
    target,
    manifest: { digest: descriptor.digest, mediaType: manifest.mediaType, bytes: manifestBytes },
    configDigest: manifest.config.digest,
    config,
    layers,
    async openBlob(layer) {
      const path = blobPath(layer.digest);
      if (layer.foreign && (await store.size(path)) === undefined) {
        throw new DrydockError(
          "DRYDOCK_BLOB_MISSING",
          `${where}: layer ${layer.index + 1} is a foreign layer whose blob is not in the image${layer.urls?.length ? ` (it lives at ${layer.urls.join(", ")})` : ""}`,
        );
      }
      if ((await store.size(path)) === undefined) {
        throw new DrydockError(
          "DRYDOCK_BLOB_MISSING",
          `${where}: layer ${layer.index + 1} blob ${layer.digest} is not in the image`,
        );
      }
      return store.open(path);
    },
    close: () => store.close(),
  };
  return createImageSource(parts, options);
}
