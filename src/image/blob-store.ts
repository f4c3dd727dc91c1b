import type { Readable } from "node:stream";
import { type Digest, digestAlgorithm, digestHex } from "../model/index.js";

/**
 * Read access to the files of an image container: an OCI layout directory, or the
 * members of a tar (oci-archive, docker-archive). Paths are relative to the store root and
 * never leave it. One image reader works over either implementation.
 */
export interface BlobStore {
  /** Names the store in error messages (the target as the user gave it). */
  readonly label: string;
  /** Size in bytes of a regular file, or undefined when there is none at `path`. */
  size(path: string): Promise<number | undefined>;
  /**
   * Reads a file whole.
   * @returns undefined when absent.
   * @throws DrydockError DRYDOCK_TARGET_FORMAT when larger than `maxBytes` or not a regular
   *   file inside the store.
   */
  read(path: string, maxBytes: number): Promise<Buffer | undefined>;
  /**
   * Streams a file.
   * @throws DrydockError DRYDOCK_BLOB_MISSING when absent.
   */
  open(path: string): Promise<Readable>;
  close(): Promise<void>;
}

/** `blobs/<algorithm>/<hex>`: where the OCI image layout keeps a blob. */
export function blobPath(digest: Digest): string {
  return `blobs/${digestAlgorithm(digest)}/${digestHex(digest)}`;
}

/**
 * Read size for layer blobs: a layer is streamed once from start to end, and 1 MiB reads make
 * 16 times fewer syscalls and stream callbacks than the 64 KiB default (hundreds of MB per image).
 */
export const blobReadChunk = 1 << 20;
