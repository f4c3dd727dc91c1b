import { type ChildProcessByStdio, spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import {
  Duplex,
  PassThrough,
  type Readable,
  Transform,
  type TransformCallback,
  type TransformOptions,
  type Writable,
} from "node:stream";
import { createGunzip, type ZlibOptions } from "node:zlib";
import { Decompress as ZstdDecompress } from "fzstd";
import type { LayerCompression } from "../model/index.js";

export interface DecompressOptions {
  /**
   * Path of a `zstd` binary for the fast path; `null` forces the pure-JS decoder (fzstd);
   * undefined looks for `/usr/bin/zstd` and `/usr/local/bin/zstd`.
   */
  zstdBinary?: string | null;
}

/** A decoder failure (truncated or corrupt stream); the layer reader turns it into DRYDOCK_LAYER_CORRUPT. */
export class DecompressError extends Error {
  readonly format: LayerCompression;
  constructor(format: LayerCompression, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.format = format;
  }
}

/**
 * Output chunk size of the gzip decoder. zlib's 16 KiB default means one stream callback,
 * buffer allocation and downstream write (two digests, tar parser) per 16 KiB of tar;
 * 256 KiB cuts that per-chunk cost sixteen-fold for the same inflate work.
 */
const gunzipChunkSize = 256 * 1024;

/** Decoded bytes the decoder may run ahead of its consumer (a few blocks). */
const decodedHighWaterMark = 1024 * 1024;

let detectedZstd: string | null | undefined;

/** The `zstd` binary found on this machine, or null. Looked up once. */
export function findZstdBinary(): string | null {
  if (detectedZstd !== undefined) return detectedZstd;
  detectedZstd = null;
  for (const candidate of ["/usr/bin/zstd", "/usr/local/bin/zstd"]) {
    try {
      accessSync(candidate, constants.X_OK);
      detectedZstd = candidate;
      break;
    } catch {
      // not here
    }
  }
  return detectedZstd;
}

/**
 * A stream that decompresses `compression` (identity for `none`). gzip uses node's zlib;
 * zstd uses a `zstd -dc` child process when a binary exists (several times faster than
 * JS), else fzstd. Name its errors with {@link describeDecodeError}.
 */
export function createDecompressor(compression: LayerCompression, options: DecompressOptions = {}): Duplex {
  if (compression === "gzip") {
    // zlib streams take the stream options too, though ZlibOptions does not list them.
    const gzip: ZlibOptions & TransformOptions = {
      chunkSize: gunzipChunkSize,
      highWaterMark: decodedHighWaterMark,
    };
    return createGunzip(gzip);
  }
  if (compression === "zstd") {
    const binary = options.zstdBinary === undefined ? findZstdBinary() : options.zstdBinary;
    return binary ? new ZstdChildStream(binary) : new ZstdJsStream();
  }
  return new PassThrough();
}

/**
 * A one-line cause for a decoder failure: {@link DecompressError} as it is, zlib errors
 * turned into "truncated gzip stream" / "corrupt gzip stream".
 */
export function describeDecodeError(compression: LayerCompression, e: unknown): string {
  if (e instanceof DecompressError) return e.message;
  const err = e as NodeJS.ErrnoException;
  if (compression === "gzip") {
    if (err.code === "Z_BUF_ERROR" || /unexpected end/i.test(err.message ?? "")) {
      return "truncated gzip stream (unexpected end of file)";
    }
    return `corrupt gzip stream (${err.message ?? String(e)})`;
  }
  return `corrupt ${compression} stream (${err.message ?? String(e)})`;
}

/** Pure-JS zstd (fzstd); slower, always available. */
class ZstdJsStream extends Transform {
  readonly #decoder: ZstdDecompress;
  #sawInput = false;

  constructor() {
    super();
    this.#decoder = new ZstdDecompress((data) => {
      if (data.length > 0) this.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      if (chunk.length > 0) this.#sawInput = true;
      this.#decoder.push(chunk);
      cb();
    } catch (e) {
      cb(zstdError(e));
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      if (!this.#sawInput) throw new DecompressError("zstd", "truncated zstd stream (no data)");
      this.#decoder.push(new Uint8Array(0), true);
      cb();
    } catch (e) {
      cb(zstdError(e));
    }
  }
}

function zstdError(e: unknown): DecompressError {
  if (e instanceof DecompressError) return e;
  const err = e as { code?: number; message?: string };
  if (err.code === 5)
    return new DecompressError("zstd", "truncated zstd stream (unexpected end of file)", { cause: e });
  return new DecompressError("zstd", `corrupt zstd stream (${err.message ?? String(e)})`, { cause: e });
}

/** `zstd -dc` in a child process; a non-zero exit becomes a {@link DecompressError} with zstd's message. */
class ZstdChildStream extends Duplex {
  readonly #child: ChildProcessByStdio<Writable, Readable, Readable>;
  #stderr = "";
  #stdoutEnded = false;
  #exitCode: number | null | undefined;
  #signal: NodeJS.Signals | null = null;

  constructor(binary: string) {
    super();
    this.#child = spawn(binary, ["-dc", "-q", "--no-progress"], { stdio: ["pipe", "pipe", "pipe"] });
    const child = this.#child;
    child.on("error", (e) =>
      this.destroy(new DecompressError("zstd", `cannot run ${binary}: ${e.message}`, { cause: e })),
    );
    child.stdin.on("error", () => {
      // EPIPE when zstd exits early on bad input: its exit status reports the cause.
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (s: string) => {
      if (this.#stderr.length < 4096) this.#stderr += s;
    });
    child.stdout.on("data", (chunk: Buffer) => {
      if (!this.push(chunk)) child.stdout.pause();
    });
    child.stdout.on("end", () => {
      this.#stdoutEnded = true;
      this.#settle();
    });
    child.on("exit", (code, signal) => {
      this.#exitCode = code;
      this.#signal = signal;
      this.#settle();
    });
  }

  #settle(): void {
    if (!this.#stdoutEnded || this.#exitCode === undefined || this.destroyed) return;
    if (this.#exitCode === 0) {
      this.push(null);
      return;
    }
    const said = this.#stderr.replace(/\s+/g, " ").trim();
    const truncated = /unexpected end|truncated|premature/i.test(said);
    const why = this.#signal ? `killed by ${this.#signal}` : said || `exit code ${this.#exitCode}`;
    this.destroy(
      new DecompressError(
        "zstd",
        truncated ? `truncated zstd stream (${why})` : `corrupt zstd stream (${why})`,
      ),
    );
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    if (this.#child.stdin.write(chunk)) cb();
    else this.#child.stdin.once("drain", () => cb());
  }

  override _final(cb: (error?: Error | null) => void): void {
    this.#child.stdin.end();
    cb();
  }

  override _read(): void {
    this.#child.stdout.resume();
  }

  override _destroy(error: Error | null, cb: (error: Error | null) => void): void {
    if (this.#exitCode === undefined) this.#child.kill("SIGKILL");
    this.#child.stdout.destroy();
    this.#child.stdin.destroy();
    cb(error);
  }
}
