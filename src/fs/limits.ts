/**
 * Safety limits applied while a layer tar streams. A hostile layer (a tar or gzip bomb, a
 * path built to exhaust memory) trips one of them and is refused with DRYDOCK_LAYER_LIMIT,
 * except {@link LayerLimits.maxFileSize}, which only skips the one file with a diagnostic.
 */
export interface LayerLimits {
  /** Max bytes of uncompressed tar streamed for one layer (headers and content). */
  maxLayerBytes: number;
  /** Max bytes of uncompressed tar over all layers of one image (see `imageBytesBefore`). */
  maxImageBytes: number;
  /** Max tar entries (files, directories, links, whiteout markers...) in one layer. */
  maxEntries: number;
  /** A selected file bigger than this is not buffered: it is skipped with a diagnostic. */
  maxFileSize: number;
  /** Max length in characters of a normalised entry path (Linux PATH_MAX is 4096). */
  maxPathLength: number;
  /** Max number of components in an entry path. */
  maxPathDepth: number;
  /**
   * Bytes of already-selected files of the current layer kept for hard links that may
   * follow them (oldest dropped first). A link whose target was dropped or never selected
   * is served by a second, targeted read of the layer (`reopen`). Layers are read several
   * at a time, so this counts once per layer in flight towards peak memory: the default
   * covers the usual case (Debian's perl-base links /usr/bin/perl to perl5.x a few MB of
   * selected executables later) without holding every executable of a large layer.
   */
  maxRetainedBytes: number;
}

const GiB = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;

export const defaultLayerLimits: Readonly<LayerLimits> = Object.freeze({
  maxLayerBytes: 8 * GiB,
  maxImageBytes: 32 * GiB,
  maxEntries: 1_000_000,
  maxFileSize: 256 * MiB,
  maxPathLength: 4096,
  maxPathDepth: 512,
  maxRetainedBytes: 24 * MiB,
});

/** Fills the limits a caller left out with the defaults. */
export function resolveLayerLimits(limits: Partial<LayerLimits> | undefined): LayerLimits {
  return limits === undefined ? { ...defaultLayerLimits } : { ...defaultLayerLimits, ...limits };
}
