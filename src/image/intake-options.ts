import type { DecompressOptions } from "./decompress.js";

/** Limits on what one compressed layer may expand to (defence in depth; src/fs has its own). */
export interface IntakeLimits {
  /** Max uncompressed bytes one layer may expand to. */
  maxExpandedBytes: number;
  /** Max ratio uncompressed / compressed bytes, checked once a layer exceeds {@link ratioFloorBytes}. */
  maxRatio: number;
  /** The ratio guard applies only past this many uncompressed bytes (small layers compress well). */
  ratioFloorBytes: number;
}

const GiB = 1024 * 1024 * 1024;

export const defaultIntakeLimits: Readonly<IntakeLimits> = Object.freeze({
  maxExpandedBytes: 16 * GiB,
  // deflate cannot exceed ~1032:1, so this guard is really for zstd bombs.
  maxRatio: 1000,
  ratioFloorBytes: 1 * GiB,
});

/** A structured debug event from intake (`image platform-chosen`...); the CLI routes it to --debug. */
export type IntakeEventSink = (event: string, fields: Record<string, unknown>) => void;

/** Options every image reader takes. */
export interface IntakeOptions extends DecompressOptions {
  /** `os/arch[/variant]` to choose from an index. */
  platform?: string;
  limits?: Partial<IntakeLimits>;
  onEvent?: IntakeEventSink;
  /**
   * docker-archive only: derive the manifest digest a push of the archive would store
   * (skopeo's), which needs one decompression pass over each compressed layer on open.
   * Default true; false leaves `target.digest` unset for archives with compressed layers.
   */
  deriveArchiveDigest?: boolean;
}

export function resolveIntakeLimits(limits: Partial<IntakeLimits> | undefined): IntakeLimits {
  return { ...defaultIntakeLimits, ...limits };
}
