import { type Digest, DrydockError, type Layer, type LayerCompression, parseDigest } from "../model/index.js";
import type { ImageConfig } from "./image-source.js";
import { describeLayerMediaType } from "./media-types.js";
import { parseJson } from "./read-blob.js";

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function malformed(where: string, why: string): DrydockError {
  return new DrydockError("DRYDOCK_TARGET_FORMAT", `${where}: ${why}`);
}

/**
 * Parses and checks an image config (OCI image-spec config.md; Docker's is the same shape):
 * JSON, an object, `rootfs.diff_ids` valid digests, and every field drydock reads of the
 * type the spec gives it (a hostile config cannot crash a later stage).
 * @throws DrydockError DRYDOCK_CONFIG_NOT_JSON, DRYDOCK_TARGET_FORMAT, DRYDOCK_DIGEST_INVALID.
 */
export function parseImageConfig(bytes: Uint8Array, where: string): ImageConfig {
  const json = parseJson(bytes, where);
  if (!isObject(json)) throw new DrydockError("DRYDOCK_CONFIG_NOT_JSON", `${where}: not a JSON object`);
  const rootfs = json.rootfs;
  if (!isObject(rootfs) || !Array.isArray(rootfs.diff_ids)) throw malformed(where, "no rootfs.diff_ids");
  if (rootfs.type !== "layers")
    throw malformed(where, `rootfs.type is ${JSON.stringify(rootfs.type)}, not "layers"`);
  const diffIds = rootfs.diff_ids.map((d, i) => parseDigest(d, `${where}: rootfs.diff_ids[${i}]`));
  for (const key of ["architecture", "os", "variant", "created", "author"] as const) {
    if (json[key] !== undefined && typeof json[key] !== "string")
      throw malformed(where, `${key} is not a string`);
  }
  const inner = json.config;
  if (inner !== undefined && inner !== null) {
    if (!isObject(inner)) throw malformed(where, "config is not an object");
    checkInnerConfig(inner, where);
  }
  if (json.history !== undefined && json.history !== null) {
    if (!Array.isArray(json.history) || !json.history.every(isObject))
      throw malformed(where, "history is not a list of objects");
    for (const h of json.history) {
      for (const key of ["created", "created_by", "comment", "author"]) {
        if (h[key] !== undefined && typeof h[key] !== "string")
          throw malformed(where, `history ${key} is not a string`);
      }
      if (h.empty_layer !== undefined && typeof h.empty_layer !== "boolean")
        throw malformed(where, "history empty_layer is not a boolean");
    }
  }
  const config = { ...json, rootfs: { type: "layers", diff_ids: diffIds } } as ImageConfig;
  if (inner === null) delete config.config;
  if (json.history === null) delete config.history;
  return config;
}

function checkInnerConfig(inner: Record<string, unknown>, where: string): void {
  for (const key of ["User", "WorkingDir", "StopSignal"]) {
    if (inner[key] !== undefined && inner[key] !== null && typeof inner[key] !== "string") {
      throw malformed(where, `config.${key} is not a string`);
    }
  }
  for (const key of ["Env", "Entrypoint", "Cmd"]) {
    if (inner[key] !== undefined && inner[key] !== null && !isStringArray(inner[key])) {
      throw malformed(where, `config.${key} is not a list of strings`);
    }
  }
  for (const key of ["ExposedPorts", "Volumes"]) {
    if (inner[key] !== undefined && inner[key] !== null && !isObject(inner[key])) {
      throw malformed(where, `config.${key} is not an object`);
    }
  }
  const labels = inner.Labels;
  if (labels !== undefined && labels !== null) {
    if (!isObject(labels) || !Object.values(labels).every((v) => typeof v === "string")) {
      throw malformed(where, "config.Labels is not a map of strings");
    }
  }
}

/**
 * The `created_by` of the history entry that made each layer: history entries marked
 * `empty_layer` made no layer and are skipped when pairing, in order.
 */
export function layerHistory(config: ImageConfig): (string | undefined)[] {
  return (config.history ?? []).filter((h) => h.empty_layer !== true).map((h) => h.created_by);
}

/** One manifest layer before the config's diffID and history are joined to it. */
export interface LayerBlob {
  digest: Digest;
  size: number;
  mediaType: string;
  compression: LayerCompression;
  foreign?: boolean;
  urls?: string[];
  synthetic?: boolean;
}

/**
 * The layer blobs a manifest lists, with their compression read from the media type; foreign
 * layers are marked (and keep their URLs), never skipped.
 * @throws DrydockError DRYDOCK_MEDIA_TYPE_UNSUPPORTED naming the layer and its media type.
 */
export function manifestLayerBlobs(
  layers: readonly { digest: Digest; size: number; mediaType: string; urls?: string[] }[],
  where: string,
): LayerBlob[] {
  return layers.map((l, i) => {
    const info = describeLayerMediaType(l.mediaType);
    if (!info) {
      throw new DrydockError(
        "DRYDOCK_MEDIA_TYPE_UNSUPPORTED",
        `${where}: layer ${i + 1} has unsupported media type ${JSON.stringify(l.mediaType)}`,
      );
    }
    const blob: LayerBlob = {
      digest: l.digest,
      size: l.size,
      mediaType: l.mediaType,
      compression: info.compression,
    };
    if (info.foreign) blob.foreign = true;
    if (l.urls && l.urls.length > 0) blob.urls = l.urls;
    return blob;
  });
}

/**
 * Joins manifest layers with the config: the diffIDs (one per layer, in order) and the
 * history lines.
 * @throws DrydockError DRYDOCK_TARGET_FORMAT when diff_ids and layers differ in count.
 */
export function joinLayers(blobs: LayerBlob[], config: ImageConfig, where: string): Layer[] {
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== blobs.length) {
    throw malformed(
      where,
      `the config lists ${diffIds.length} diff_ids but the manifest has ${blobs.length} layers`,
    );
  }
  const history = layerHistory(config);
  return blobs.map((blob, index) => {
    const layer: Layer = {
      index,
      digest: blob.digest,
      diffId: diffIds[index] as Digest,
      mediaType: blob.mediaType,
      compression: blob.compression,
      size: blob.size,
    };
    const createdBy = history[index];
    if (createdBy !== undefined) layer.createdBy = createdBy;
    if (blob.foreign) layer.foreign = true;
    if (blob.urls && blob.urls.length > 0) layer.urls = blob.urls;
    if (blob.synthetic) layer.synthetic = true;
    return layer;
  });
}
