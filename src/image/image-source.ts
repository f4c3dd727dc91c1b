import type { Readable } from "node:stream";
import type { Digest, Layer, TargetInfo } from "../model/index.js";

/** The parts of an OCI image config drydock reads (image-spec config.md). */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  author?: string;
  config?: {
    User?: string;
    Env?: string[];
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    ExposedPorts?: Record<string, object>;
    Labels?: Record<string, string> | null;
    Volumes?: Record<string, object> | null;
    StopSignal?: string;
    Healthcheck?: unknown;
  };
  rootfs: { type: string; diff_ids: Digest[] };
  history?: {
    created?: string;
    created_by?: string;
    comment?: string;
    author?: string;
    empty_layer?: boolean;
  }[];
}

/**
 * An opened image, whatever its container (docker-archive, OCI layout, oci-archive,
 * registry, root filesystem). Manifest and config are read and verified on open; layers
 * are streamed on demand, verified while they stream.
 */
export interface ImageSource {
  readonly target: TargetInfo;
  /** Manifest media type and raw bytes (for `dir:` a synthetic manifest). */
  readonly manifest: { digest?: Digest; mediaType: string; bytes?: Buffer };
  readonly configDigest?: Digest;
  readonly config: ImageConfig;
  /** Ordered base first; `diffId` from the config, `createdBy` from history. */
  readonly layers: Layer[];
  /**
   * Opens the layer's **uncompressed tar** stream. The compressed digest and the diffId are
   * checked while it streams: on a mismatch the stream errors with DRYDOCK_DIGEST_MISMATCH
   * (expected and actual digests in the message) after the last byte. A foreign layer
   * whose blob is absent errors with DRYDOCK_BLOB_MISSING.
   */
  openLayer(layer: Layer): Promise<Readable>;
  /** Counter of compressed bytes pulled so far (for the ledger / --debug). */
  bytesRead(): number;
  close(): Promise<void>;
}
