import type { Digest } from "./digest.js";

export type LayerCompression = "gzip" | "zstd" | "none";

/**
 * One layer of an image, in manifest order (index 0 is the base).
 * `digest` is the blob digest (compressed as stored); `diffId` the digest of the
 * uncompressed tar, from the config's `rootfs.diff_ids`. Every file and package keeps
 * the `diffId` of the layer that last wrote it.
 */
export interface Layer {
  index: number;
  digest: Digest;
  diffId: Digest;
  mediaType: string;
  compression: LayerCompression;
  /** Blob size in bytes as the manifest states it. */
  size: number;
  /** The history line (`created_by`) that made this layer, when the config has one. */
  createdBy?: string;
  /** Foreign / non-distributable layer: reported, never silently skipped. */
  foreign?: boolean;
  urls?: string[];
  /**
   * Made up by drydock, not read from an image (the one layer of a `dir:` root filesystem):
   * its digest and diffId are derived from the file listing, not from tar bytes.
   */
  synthetic?: boolean;
}

/** Where a file lives: its absolute path inside the image and the layer that wrote it. */
export interface FileRef {
  path: string;
  /** diffId of the layer that last wrote the file (for `dir:` targets a synthetic digest). */
  layer: Digest;
}
