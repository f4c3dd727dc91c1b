import type { Diagnostic, Digest, Layer } from "../model/index.js";

/** Kind of a tar entry as the layered filesystem sees it. */
export type EntryType = "file" | "dir" | "symlink" | "hardlink" | "other";

/**
 * Metadata of one entry of a layer. A `hardlink` is a regular file that shares its
 * content with `linkTarget` (an absolute path in the same layer); its `size` and `mode` are
 * the target's. A `symlink` keeps its target as written in the tar (relative or absolute);
 * it is resolved inside the image root only when looked up. `other` covers devices, FIFOs
 * and tar types drydock does not read.
 */
export interface EntryMeta {
  type: EntryType;
  size: number;
  mode: number;
  linkTarget?: string;
}

/** Counts of what one layer tar held (markers included: a whiteout counts as an entry). */
export interface LayerStats {
  /** Tar entries, whiteout markers and the root directory included. */
  entries: number;
  /** Regular files (hard links counted under `hardlinks`). */
  files: number;
  directories: number;
  symlinks: number;
  hardlinks: number;
  /** Content bytes of regular files. */
  bytes: number;
  /** `.wh.<name>` markers. */
  whiteouts: number;
  /** `.wh..wh..opq` markers. */
  opaqueDirs: number;
  /** Uncompressed tar bytes streamed (headers, padding and content). */
  tarBytes: number;
}

/**
 * What one layer tar contains, read in one pass: the entries it adds or modifies (keyed by
 * normalised absolute path, in tar order, a later duplicate replacing an earlier one), the
 * paths its whiteouts delete from the layers below, and the directories it makes opaque.
 * Whiteout markers themselves are not in `entries`.
 */
export interface LayerIndex {
  layer: Layer;
  entries: Map<string, EntryMeta>;
  /** Absolute paths deleted from lower layers (`/etc/.wh.foo` → `/etc/foo`). */
  whiteouts: string[];
  /** Absolute paths of directories whose lower-layer children are hidden (`/` possible). */
  opaqueDirs: string[];
  stats: LayerStats;
  /** Non-fatal problems: files skipped for size, dangling hard links, absolute names... */
  diagnostics: Diagnostic[];
}

/**
 * A selected file, buffered and handed to `onFile`; the same shape as the catalog stage's
 * `CatalogFile`. `bytes` may be shared between hard links of one file: treat it as read-only.
 * With `reuseBuffers` they are valid only until `onFile` returns or its promise settles.
 */
export interface SelectedFile {
  /** Absolute normalised path inside the image. */
  path: string;
  /** diffId of the layer the bytes come from. */
  layer: Digest;
  size: number;
  mode: number;
  bytes: Buffer;
}

/** Decides from path, size and mode whether a regular file's bytes are wanted. */
export type SelectFile = (path: string, size: number, mode: number) => boolean;
