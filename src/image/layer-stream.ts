import { createHash, type Hash } from "node:crypto";
import { type Readable, Transform, type TransformCallback } from "node:stream";
import {
  type Digest,
  DrydockError,
  digestAlgorithm,
  type Layer,
  type LayerCompression,
} from "../model/index.js";
import { sniffCompression, sniffLength } from "./compression.js";
import { createDecompressor, type DecompressOptions, describeDecodeError } from "./decompress.js";
import { type IntakeLimits, resolveIntakeLimits } from "./intake-options.js";

export interface LayerStreamOptions extends DecompressOptions {
  /** The target as the user gave it, first word of every message. */
  target: string;
  layer: Pick<Layer, "index" | "digest" | "diffId" | "compression" | "size">;
  limits?: Partial<IntakeLimits>;
  /** Check the blob digest and declared size (off only for synthetic layers). Default true. */
  verifyDigest?: boolean;
  /** Check the uncompressed digest against `layer.diffId`. Default true. */
  verifyDiffId?: boolean;
  /** Told how many blob bytes went through, chunk by chunk (for `bytesRead()`). */
  onBytes?: (n: number) => void;
}

/** What a fully read layer turned out to be (see {@link LayerStreamHandle.result}). */
export interface LayerStreamResult {
  digest: Digest;
  diffId: Digest;
  compressedBytes: number;
  uncompressedBytes: number;
  compression: LayerCompression;
}

export interface LayerStreamHandle {
  /** The uncompressed tar. Errors (DrydockError) arrive after the last byte for a digest mismatch. */
  stream: Readable;
  /** The compression actually found (magic bytes win over the media type). */
  compression: LayerCompression;
  /** Resolves once `stream` ended cleanly. */
  result: Promise<LayerStreamResult>;
}

/**
 * Turns a layer blob stream into its verified, uncompressed tar:
 * blob → digest + declared size check → decompress (by magic bytes, media type only as a
 * hint) → diffID + expansion limits → consumer. Digest and diffID mismatches are reported
 * as DRYDOCK_DIGEST_MISMATCH once the last byte is through (`<target>: layer N: digest
 * mismatch: expected …, got …`, N counting from 1, base first), so the consumer must read
 * to the end to learn the layer is good; a truncated or corrupt gzip/zstd stream is
 * DRYDOCK_LAYER_CORRUPT; expansion past the limits is DRYDOCK_LAYER_LIMIT.
 */
export async function openLayerStream(
  raw: Readable,
  options: LayerStreamOptions,
): Promise<LayerStreamHandle> {
  const { layer, target } = options;
  const where = `${target}: layer ${layer.index + 1}`;
  const limits = resolveIntakeLimits(options.limits);
  const head = await peek(raw, sniffLength).catch((e: unknown) => {
    raw.destroy();
    throw readError(where, e);
  });
  const compression = head.length === 0 ? layer.compression : sniffCompression(head);

  const blob = new BlobTap(
    layer.digest,
    options.verifyDigest === false ? undefined : layer.size,
    where,
    options.onBytes,
  );
  const decoder = createDecompressor(compression, options);
  // An uncompressed blob is its own tar: its diffID is its digest, hashed once, not twice.
  const sameBytes = compression === "none" && digestAlgorithm(layer.digest) === digestAlgorithm(layer.diffId);
  const tar = new TarTap(
    layer.diffId,
    sameBytes,
    blob,
    limits,
    where,
    options.verifyDigest !== false,
    options.verifyDiffId !== false,
    layer.digest,
  );

  let settled = false;
  let resolveResult!: (r: LayerStreamResult) => void;
  let rejectResult!: (e: unknown) => void;
  const result = new Promise<LayerStreamResult>((resolve, reject) => {
    resolveResult = resolve;
    rejectResult = reject;
  });
  result.catch(() => {}); // the stream reports the same error; the promise is optional

  const fail = (error: DrydockError) => {
    if (settled) return;
    settled = true;
    rejectResult(error);
    tar.destroy(error);
    raw.destroy();
    blob.destroy();
    decoder.destroy();
  };
  raw.on("error", (e) => fail(readError(where, e)));
  blob.on("error", (e) => fail(asDrydock(e, where)));
  decoder.on("error", (e) =>
    fail(
      e instanceof DrydockError
        ? e
        : new DrydockError("DRYDOCK_LAYER_CORRUPT", `${where}: ${describeDecodeError(compression, e)}`, {
            cause: e,
          }),
    ),
  );
  tar.on("error", (e) => {
    if (!settled) {
      settled = true;
      rejectResult(e);
    }
    raw.destroy();
    blob.destroy();
    decoder.destroy();
  });
  tar.on("end", () => {
    if (settled) return;
    settled = true;
    resolveResult({
      digest: blob.digest ?? layer.digest,
      diffId: tar.diffId ?? layer.diffId,
      compressedBytes: blob.bytes,
      uncompressedBytes: tar.bytes,
      compression,
    });
  });
  // The consumer stopped early: release the file handle and any zstd child.
  tar.on("close", () => {
    if (!settled) {
      settled = true;
      rejectResult(new DrydockError("DRYDOCK_LAYER_CORRUPT", `${where}: stream closed before the end`));
      raw.destroy();
      blob.destroy();
      decoder.destroy();
    }
  });
  raw.pipe(blob).pipe(decoder).pipe(tar);
  return { stream: tar, compression, result };
}

/** Reads at least `n` bytes (or to the end) and puts them back, to sniff the compression. */
function peek(stream: Readable, n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const done = (error?: unknown) => {
      stream.off("readable", onReadable);
      stream.off("end", onEnd);
      stream.off("error", done);
      if (error !== undefined) return reject(error);
      const head = Buffer.concat(chunks, length);
      if (head.length > 0) stream.unshift(head);
      resolve(head.subarray(0, n));
    };
    const onReadable = () => {
      let chunk: Buffer | null = stream.read() as Buffer | null;
      while (chunk !== null) {
        chunks.push(chunk);
        length += chunk.length;
        if (length >= n) return done();
        chunk = stream.read() as Buffer | null;
      }
    };
    const onEnd = () => done();
    stream.on("readable", onReadable);
    stream.once("end", onEnd);
    stream.once("error", done);
  });
}

function readError(where: string, e: unknown): DrydockError {
  if (e instanceof DrydockError) return e;
  return new DrydockError(
    "DRYDOCK_TARGET_UNREADABLE",
    `${where}: cannot read blob: ${(e as Error).message}`,
    {
      cause: e,
    },
  );
}

function asDrydock(e: unknown, where: string): DrydockError {
  if (e instanceof DrydockError) return e;
  return new DrydockError("DRYDOCK_INTERNAL", `${where}: ${(e as Error).message}`, { cause: e });
}

/** Hashes and counts the blob as stored; refuses more bytes than declared. */
class BlobTap extends Transform {
  readonly #hash: Hash;
  readonly #algorithm: "sha256" | "sha512";
  readonly #declared: number | undefined;
  readonly #where: string;
  readonly #onBytes: ((n: number) => void) | undefined;
  bytes = 0;
  /** Set once the last byte went through. */
  digest: Digest | undefined;

  constructor(expected: Digest, declared: number | undefined, where: string, onBytes?: (n: number) => void) {
    super();
    this.#onBytes = onBytes;
    this.#algorithm = digestAlgorithm(expected);
    this.#hash = createHash(this.#algorithm);
    this.#declared = declared;
    this.#where = where;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    this.#onBytes?.(chunk.length);
    if (this.#declared !== undefined && this.bytes > this.#declared) {
      cb(
        new DrydockError(
          "DRYDOCK_DIGEST_MISMATCH",
          `${this.#where}: size mismatch: expected ${this.#declared} bytes, the blob is larger`,
        ),
      );
      return;
    }
    this.#hash.update(chunk);
    cb(null, chunk);
  }

  override _flush(cb: TransformCallback): void {
    this.digest = `${this.#algorithm}:${this.#hash.digest("hex")}` as Digest;
    cb();
  }

  /** The declared size, when it is checked. */
  get declared(): number | undefined {
    return this.#declared;
  }
}

/**
 * Hashes and counts the uncompressed tar, applies the expansion limits, and at the end
 * checks the blob digest, the declared size and the diffID, in that order.
 */
class TarTap extends Transform {
  /** Undefined when the tar is the blob itself (the blob's digest is the diffID). */
  readonly #hash: Hash | undefined;
  readonly #algorithm: "sha256" | "sha512";
  readonly #expected: Digest;
  readonly #blob: BlobTap;
  readonly #limits: IntakeLimits;
  readonly #where: string;
  readonly #verifyDigest: boolean;
  readonly #verifyDiffId: boolean;
  readonly #expectedDigest: Digest;
  bytes = 0;
  diffId: Digest | undefined;

  constructor(
    expected: Digest,
    sameBytesAsBlob: boolean,
    blob: BlobTap,
    limits: IntakeLimits,
    where: string,
    verifyDigest: boolean,
    verifyDiffId: boolean,
    expectedDigest: Digest,
  ) {
    super();
    this.#expected = expected;
    this.#algorithm = digestAlgorithm(expected);
    this.#hash = sameBytesAsBlob ? undefined : createHash(this.#algorithm);
    this.#blob = blob;
    this.#limits = limits;
    this.#where = where;
    this.#verifyDigest = verifyDigest;
    this.#verifyDiffId = verifyDiffId;
    this.#expectedDigest = expectedDigest;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.bytes += chunk.length;
    const { maxExpandedBytes, maxRatio, ratioFloorBytes } = this.#limits;
    if (this.bytes > maxExpandedBytes) {
      cb(
        new DrydockError(
          "DRYDOCK_LAYER_LIMIT",
          `${this.#where}: expands to more than ${maxExpandedBytes} bytes (the limit); likely a decompression bomb`,
        ),
      );
      return;
    }
    if (this.bytes > ratioFloorBytes && this.bytes / Math.max(this.#blob.bytes, 1) > maxRatio) {
      cb(
        new DrydockError(
          "DRYDOCK_LAYER_LIMIT",
          `${this.#where}: expands more than ${maxRatio} times its compressed size; likely a decompression bomb`,
        ),
      );
      return;
    }
    // Hash and hand on in a later turn of the event loop, not inside the decoder's callback:
    // the decoder then queues its next block on the thread pool at once, so inflating block
    // k+1 overlaps hashing and tar-parsing block k instead of alternating with it.
    setImmediate(() => {
      if (this.destroyed) return;
      this.#hash?.update(chunk);
      cb(null, chunk);
    });
  }

  override _flush(cb: TransformCallback): void {
    // The blob has ended by now (its bytes reached this point through the decoder).
    this.diffId =
      this.#hash === undefined
        ? (this.#blob.digest ?? (`${this.#algorithm}:` as Digest))
        : (`${this.#algorithm}:${this.#hash.digest("hex")}` as Digest);
    const error = this.#finalCheck(this.diffId);
    if (error === undefined || this.readableLength === 0) {
      cb(error);
      return;
    }
    // Deliver every byte before the error: it is raised once the consumer drained the buffer.
    this.#pendingError = { error, cb };
  }

  #pendingError: { error: DrydockError; cb: TransformCallback } | undefined;

  override read(size?: number): Buffer | null {
    const chunk = super.read(size) as Buffer | null;
    const pending = this.#pendingError;
    if (pending !== undefined && this.readableLength === 0) {
      this.#pendingError = undefined;
      // After the caller got its (last) chunk.
      process.nextTick(() => pending.cb(pending.error));
    }
    return chunk;
  }

  #finalCheck(diffId: Digest): DrydockError | undefined {
    const blobDigest = this.#blob.digest;
    if (this.#verifyDigest) {
      if (blobDigest === undefined) {
        return new DrydockError(
          "DRYDOCK_LAYER_CORRUPT",
          `${this.#where}: the compressed stream ended before the blob`,
        );
      }
      if (blobDigest !== this.#expectedDigest) {
        return mismatch(this.#where, "digest mismatch", this.#expectedDigest, blobDigest);
      }
      const declared = this.#blob.declared;
      if (declared !== undefined && this.#blob.bytes !== declared) {
        return new DrydockError(
          "DRYDOCK_DIGEST_MISMATCH",
          `${this.#where}: size mismatch: expected ${declared} bytes, got ${this.#blob.bytes}`,
        );
      }
    }
    if (this.#verifyDiffId && diffId !== this.#expected) {
      return mismatch(this.#where, "diffID (uncompressed digest) mismatch", this.#expected, diffId);
    }
    return undefined;
  }
}

function mismatch(where: string, what: string, expected: Digest, actual: Digest): DrydockError {
  return new DrydockError(
    "DRYDOCK_DIGEST_MISMATCH",
    `${where}: ${what}: expected ${expected}, got ${actual}`,
  );
}
