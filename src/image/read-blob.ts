import { type Digest, DrydockError, digestAlgorithm } from "../model/index.js";
import { type BlobStore, blobPath } from "./blob-store.js";
import { digestOf } from "./hash.js";

/** A content descriptor (OCI image-spec descriptor.md), as far as drydock uses it. */
export interface Descriptor {
  mediaType: string;
  digest: Digest;
  size: number;
  urls?: string[];
  annotations?: Record<string, string>;
  platform?: { os: string; architecture: string; variant?: string; "os.version"?: string };
}

/** Largest manifest or index drydock reads (registries cap manifests at 4 MiB). */
export const maxManifestBytes = 4 * 1024 * 1024;
/** Largest image config drydock reads. */
export const maxConfigBytes = 32 * 1024 * 1024;

/**
 * Reads a small blob (index, manifest, config) whole and checks it against its
 * descriptor: the size first, then the digest.
 * @throws DrydockError DRYDOCK_BLOB_MISSING, DRYDOCK_DIGEST_MISMATCH (naming `what`).
 */
export async function readVerifiedBlob(
  store: BlobStore,
  descriptor: Pick<Descriptor, "digest" | "size">,
  what: string,
  maxBytes: number,
): Promise<Buffer> {
  const path = blobPath(descriptor.digest);
  const actualSize = await store.size(path);
  if (actualSize === undefined) {
    throw new DrydockError(
      "DRYDOCK_BLOB_MISSING",
      `${store.label}: ${what} ${descriptor.digest} is not in the image`,
    );
  }
  if (actualSize !== descriptor.size) {
    throw new DrydockError(
      "DRYDOCK_DIGEST_MISMATCH",
      `${store.label}: ${what} ${descriptor.digest}: size mismatch: expected ${descriptor.size} bytes, got ${actualSize}`,
    );
  }
  const bytes = await store.read(path, maxBytes);
  if (bytes === undefined) {
    throw new DrydockError(
      "DRYDOCK_BLOB_MISSING",
      `${store.label}: ${what} ${descriptor.digest} is not in the image`,
    );
  }
  verifyBytes(bytes, descriptor.digest, `${store.label}: ${what}`);
  return bytes;
}

/**
 * @throws DrydockError DRYDOCK_DIGEST_MISMATCH `<where>: digest mismatch: expected …, got …`.
 */
export function verifyBytes(bytes: Uint8Array, expected: Digest, where: string): void {
  const actual = digestOf(bytes, digestAlgorithm(expected));
  if (actual !== expected) {
    throw new DrydockError(
      "DRYDOCK_DIGEST_MISMATCH",
      `${where}: digest mismatch: expected ${expected}, got ${actual}`,
    );
  }
}

/**
 * Parses JSON from untrusted bytes.
 * @throws DrydockError DRYDOCK_CONFIG_NOT_JSON naming `where`.
 */
export function parseJson(bytes: Uint8Array, where: string): unknown {
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (e) {
    const why = (e as Error).message.replace(/\s+/g, " ").slice(0, 160);
    throw new DrydockError("DRYDOCK_CONFIG_NOT_JSON", `${where}: not valid JSON: ${why}`, {
      cause: e,
    });
  }
}
