/**
 * The layered filesystem: streams layer tars once (only selected files buffered), applies
 * OCI whiteouts and opaque directories, and gives a squashed view with per-file provenance.
 */
export type { FileMatcher, FileMatcherOptions } from "./file-matcher.js";
export { compileFileMatcher, compileFileSelector } from "./file-matcher.js";
export type {
  EntryMeta,
  EntryType,
  LayerIndex,
  LayerStats,
  SelectedFile,
  SelectFile,
} from "./layer-index.js";
export type { FilesystemView, ViewEntry, WalkOptions, WhiteoutsApplied } from "./layered-view.js";
export { squashLayers } from "./layered-view.js";
export type { LayerLimits } from "./limits.js";
export { defaultLayerLimits, resolveLayerLimits } from "./limits.js";
export { isWithin, normaliseEntryPath } from "./path-safety.js";
export type { ReadLayerOptions } from "./read-layer.js";
export { readLayer } from "./read-layer.js";
