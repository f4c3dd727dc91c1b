/**
 * What reading one layer gave the catalog stage, stored under (layer diffId, every
 * cataloger's name + version) so an image whose layers were seen before is catalogued
 * without reading them again. JSON-serialisable.
 */
export interface CachedLayerResult {
  /** Every entry of the layer: [path, type, size, mode, linkTarget?]. */
  entries: [string, "file" | "dir" | "symlink" | "hardlink" | "other", number, number, string?][];
  whiteouts: string[];
  opaqueDirs: string[];
  /** Parse results of the selected files, per cataloger. */
  parsed: { cataloger: string; path: string; result: unknown }[];
  /** Problems met while reading the layer (skipped files, ...). */
  diagnostics: unknown[];
  stats: { entries: number; bytes: number; filesBuffered: number };
}

/** Storage of {@link CachedLayerResult}s. Implementations must tolerate concurrent readers and writers. */
export interface LayerCache {
  get(diffId: string, key: string): CachedLayerResult | undefined;
  put(diffId: string, key: string, result: CachedLayerResult): void;
  close(): void;
}
