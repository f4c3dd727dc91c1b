import { DrydockError, parseDigest } from "../model/index.js";
import { isImageManifestMediaType, isIndexMediaType, MediaType } from "./media-types.js";
import type { Descriptor } from "./read-blob.js";

/** An image index (OCI image-index.md) or Docker manifest list. */
export interface ImageIndex {
  mediaType?: string;
  manifests: Descriptor[];
}

/** An image manifest (OCI manifest.md) or Docker schema 2 manifest. */
export interface ImageManifest {
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function malformed(where: string, why: string): DrydockError {
  return new DrydockError("DRYDOCK_TARGET_FORMAT", `${where}: ${why}`);
}

function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) if (typeof v === "string") out[k] = v;
  return out;
}

/**
 * Validates one descriptor from untrusted JSON.
 * @throws DrydockError DRYDOCK_TARGET_FORMAT, DRYDOCK_DIGEST_INVALID.
 */
export function parseDescriptor(value: unknown, where: string): Descriptor {
  if (!isObject(value)) throw malformed(where, "descriptor is not an object");
  const { mediaType, digest, size, urls, annotations, platform } = value;
  if (typeof mediaType !== "string") throw malformed(where, "descriptor has no mediaType");
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
    throw malformed(where, "descriptor has no valid size");
  }
  const descriptor: Descriptor = { mediaType, digest: parseDigest(digest, where), size };
  if (Array.isArray(urls)) descriptor.urls = urls.filter((u): u is string => typeof u === "string");
  const notes = stringRecord(annotations);
  if (notes) descriptor.annotations = notes;
  if (isObject(platform) && typeof platform.os === "string" && typeof platform.architecture === "string") {
    descriptor.platform = { os: platform.os, architecture: platform.architecture };
    if (typeof platform.variant === "string") descriptor.platform.variant = platform.variant;
    if (typeof platform["os.version"] === "string")
      descriptor.platform["os.version"] = platform["os.version"];
  }
  return descriptor;
}

/**
 * Validates an index (`index.json` of a layout, or a nested index blob).
 * @throws DrydockError DRYDOCK_TARGET_FORMAT.
 */
export function parseImageIndex(json: unknown, where: string): ImageIndex {
  if (!isObject(json)) throw malformed(where, "index is not a JSON object");
  if (json.schemaVersion !== 2)
    throw malformed(where, `unsupported index schemaVersion ${JSON.stringify(json.schemaVersion)}`);
  if (json.mediaType !== undefined && !isIndexMediaType(json.mediaType as string)) {
    throw new DrydockError(
      "DRYDOCK_MEDIA_TYPE_UNSUPPORTED",
      `${where}: not an image index (mediaType ${JSON.stringify(json.mediaType)})`,
    );
  }
  if (!Array.isArray(json.manifests)) throw malformed(where, "index has no manifests array");
  const index: ImageIndex = {
    manifests: json.manifests.map((m, i) => parseDescriptor(m, `${where}: manifests[${i}]`)),
  };
  if (typeof json.mediaType === "string") index.mediaType = json.mediaType;
  return index;
}

/**
 * Validates an image manifest. `descriptorMediaType` is what the referring descriptor said,
 * used when the manifest itself has no mediaType field (allowed by OCI).
 * @throws DrydockError DRYDOCK_TARGET_FORMAT, DRYDOCK_MEDIA_TYPE_UNSUPPORTED (schema 1, an index, an artifact).
 */
export function parseImageManifest(
  json: unknown,
  where: string,
  descriptorMediaType?: string,
): ImageManifest {
  if (!isObject(json)) throw malformed(where, "manifest is not a JSON object");
  const mediaType =
    typeof json.mediaType === "string" ? json.mediaType : (descriptorMediaType ?? MediaType.ociManifest);
  if (
    json.schemaVersion === 1 ||
    mediaType === MediaType.dockerSchema1 ||
    mediaType === MediaType.dockerSchema1Signed
  ) {
    throw new DrydockError(
      "DRYDOCK_MEDIA_TYPE_UNSUPPORTED",
      `${where}: Docker schema 1 manifests are not supported`,
    );
  }
  if (json.schemaVersion !== 2)
    throw malformed(where, `unsupported manifest schemaVersion ${JSON.stringify(json.schemaVersion)}`);
  if (!isImageManifestMediaType(mediaType)) {
    throw new DrydockError(
      "DRYDOCK_MEDIA_TYPE_UNSUPPORTED",
      `${where}: not an image manifest (mediaType ${JSON.stringify(mediaType)})`,
    );
  }
  if (!Array.isArray(json.layers)) throw malformed(where, "manifest has no layers array");
  return {
    mediaType,
    config: parseDescriptor(json.config, `${where}: config`),
    layers: json.layers.map((l, i) => parseDescriptor(l, `${where}: layers[${i}]`)),
  };
}
