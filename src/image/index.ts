/** Image intake: targets, the ImageSource contract and its file-based implementations. */

export { openDockerArchive } from "./docker-archive/open-docker-archive.js";
export { layerHistory } from "./image-config.js";
export { isImageReference, normalizeImageReference, parseImageReference } from "./image-reference.js";
export type { ImageConfig, ImageSource } from "./image-source.js";
export {
  defaultIntakeLimits,
  type IntakeEventSink,
  type IntakeLimits,
  type IntakeOptions,
} from "./intake-options.js";
export { type LayerStreamHandle, type LayerStreamOptions, openLayerStream } from "./layer-stream.js";
export { MediaType } from "./media-types.js";
export { openOciArchive } from "./oci-archive/open-oci-archive.js";
export { openOciDir } from "./oci-layout/open-oci-dir.js";
export { formatPlatform, hostPlatform, normalizePlatform, type Platform, parsePlatform } from "./platform.js";
export { openRootfs } from "./rootfs/open-rootfs.js";
export { TarIndex } from "./tar-index.js";
export {
  type ArchiveSelector,
  type DetectedFormat,
  detectFormat,
  type ImageTarget,
  parseTarget,
  type TargetKind,
} from "./target.js";
