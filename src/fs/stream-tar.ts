import type { Readable } from "node:stream";
import tarStream from "tar-stream";
import type { Digest } from "../model/index.js";
import { isDrydockError } from "../model/index.js";
import { layerError, quoteName } from "./layer-error.js";
import type { LayerLimits } from "./limits.js";

/** A tar entry header as tar-stream decodes it (PAX and GNU long names already applied). */
export interface TarHeader {
  name: string;
  type?: string | null;
  size?: number;
  mode?: number;
  linkname?: string | null;
}

/** The entry's content stream: read it, or `resume()` it to let it drain. */
export interface TarEntryStream {
  on(event: "data", listener: (chunk: Buffer) => void): unknown;
  on(event: "end" | "error", listener: (err?: unknown) => void): unknown;
  resume(): unknown;
}

/**
 * Called once per entry. Call `next` when done with the entry (the tar does not advance
 * until then: that is the backpressure); call `fail` to abort the whole read. A
 * synchronous throw aborts too.
 */
export type TarEntryHandler = (
  header: TarHeader,
  stream: TarEntryStream,
  next: () => void,
  fail: (err: unknown) => void,
) => void;

export interface StreamTarContext {
  target: string;
  layer: Digest;
  limits: LayerLimits;
  /** Uncompressed bytes of this image's earlier layers, for `maxImageBytes`. */
  imageBytesBefore: number;
}

export interface StreamTarResult {
  tarBytes: number;
  entries: number;
  /** True when the tar ends with the two zero blocks of the end-of-archive marker. */
  endMarker: boolean;
}

const endMarkerSize = 1024;

function noop(): void {}

/** Drains an entry's content without buffering it; returns at once. */
export function drainEntry(header: TarHeader, stream: TarEntryStream): void {
  // tar-stream only routes content through the entry stream for non-empty, non-directory
  // entries; for those, flowing mode with no data listener discards each chunk.
  if ((header.size ?? 0) > 0 && header.type !== "directory") {
    stream.on("error", noop);
    stream.resume();
  }
}

/**
 * Streams one layer tar through tar-stream, once, enforcing the byte and entry limits, and
 * hands each entry to `handler`. Tar-level problems become DRYDOCK_LAYER_CORRUPT, limit
 * breaches DRYDOCK_LAYER_LIMIT; a DrydockError from the input (a digest mismatch) or from
 * the handler passes through unchanged.
 */
export function streamTar(
  tar: Readable,
  ctx: StreamTarContext,
  handler: TarEntryHandler,
): Promise<StreamTarResult> {
  const { limits, target, layer } = ctx;
  return new Promise<StreamTarResult>((resolve, reject) => {
    const extract = tarStream.extract();
    let settled = false;
    let tarBytes = 0;
    let entries = 0;
    let tail: Buffer = Buffer.alloc(0);

    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      tar.off("data", onData);
      tar.on("error", noop);
      extract.on("error", noop);
      extract.destroy();
      tar.destroy();
      reject(err);
    };

    const onData = (chunk: Buffer): void => {
      if (settled) return;
      tarBytes += chunk.length;
      if (tarBytes > limits.maxLayerBytes) {
        fail(
          layerError(
            "DRYDOCK_LAYER_LIMIT",
            target,
            layer,
            `expands past the limit of ${limits.maxLayerBytes} bytes per layer`,
          ),
        );
        return;
      }
      if (ctx.imageBytesBefore + tarBytes > limits.maxImageBytes) {
        fail(
          layerError(
            "DRYDOCK_LAYER_LIMIT",
            target,
            layer,
            `the image expands past the limit of ${limits.maxImageBytes} bytes per image`,
          ),
        );
        return;
      }
      tail = keepTail(tail, chunk);
      if (!extract.write(chunk)) tar.pause();
    };

    extract.on("entry", (header, source, next) => {
      if (settled) return;
      const stream = source as unknown as TarEntryStream;
      try {
        entries++;
        if (entries > limits.maxEntries) {
          throw layerError(
            "DRYDOCK_LAYER_LIMIT",
            target,
            layer,
            `more than ${limits.maxEntries} entries in one layer`,
          );
        }
        const size = header.size ?? 0;
        // tar-stream sets byteOffset (where the content starts) though its types omit it.
        const dataOffset = (header as { byteOffset?: number }).byteOffset ?? tarBytes;
        if (dataOffset + size > limits.maxLayerBytes) {
          throw layerError(
            "DRYDOCK_LAYER_LIMIT",
            target,
            layer,
            `entry ${quoteName(header.name)} declares ${size} bytes, past the limit of ${limits.maxLayerBytes} bytes per layer`,
          );
        }
        handler(header, stream, next as () => void, fail);
      } catch (err) {
        fail(err);
      }
    });
    extract.on("error", (err: unknown) => fail(toCorrupt(err, ctx, entries === 0 ? tarBytes : undefined)));
    extract.on("drain", () => {
      if (!settled) tar.resume();
    });
    extract.on("finish", () => {
      if (settled) return;
      settled = true;
      resolve({ tarBytes, entries, endMarker: isEndMarker(tail) });
    });
    tar.on("error", (err: unknown) => fail(toInputError(err, ctx)));
    tar.on("end", () => {
      if (!settled) extract.end(undefined);
    });
    tar.on("data", onData);
  });
}

/** Keeps the last {@link endMarkerSize} bytes seen, to check the end-of-archive marker. */
function keepTail(tail: Buffer, chunk: Buffer): Buffer {
  if (chunk.length >= endMarkerSize) return chunk.subarray(chunk.length - endMarkerSize);
  const joined = Buffer.concat([tail, chunk]);
  return joined.length > endMarkerSize ? joined.subarray(joined.length - endMarkerSize) : joined;
}

function isEndMarker(tail: Buffer): boolean {
  if (tail.length < endMarkerSize) return false;
  for (let i = 0; i < tail.length; i++) if (tail[i] !== 0) return false;
  return true;
}

/** Maps tar-stream's parse errors to one-line DRYDOCK_LAYER_CORRUPT causes. */
function toCorrupt(err: unknown, ctx: StreamTarContext, bytesBeforeFirstEntry?: number): unknown {
  if (isDrydockError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  let cause: string;
  if (
    message.startsWith("Unexpected end of data") &&
    bytesBeforeFirstEntry !== undefined &&
    bytesBeforeFirstEntry < 512
  )
    cause = `not a tar archive: ${bytesBeforeFirstEntry} bytes, shorter than one tar header`;
  else if (message.startsWith("Unexpected end of data"))
    cause = "truncated tar: the stream ends inside an entry";
  else if (message.startsWith("Invalid tar header. Maybe"))
    cause = "bad tar header checksum: not a tar archive, corrupt, or still compressed";
  else if (message.startsWith("Invalid tar header: unknown format"))
    cause = "bad tar header: neither ustar nor GNU format";
  else if (message.startsWith("Invalid header")) cause = "bad tar header: invalid entry size";
  else if (message.startsWith("Header exceeds max size"))
    cause = "bad tar header: an extended (PAX/GNU) header is larger than 4 MiB";
  else cause = `corrupt tar: ${oneLine(message)}`;
  return layerError("DRYDOCK_LAYER_CORRUPT", ctx.target, ctx.layer, cause, { cause: err });
}

/** An error of the input stream: a DrydockError (digest mismatch) as is, else corrupt. */
function toInputError(err: unknown, ctx: StreamTarContext): unknown {
  if (isDrydockError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return layerError(
    "DRYDOCK_LAYER_CORRUPT",
    ctx.target,
    ctx.layer,
    `reading the layer stream failed: ${oneLine(message)}`,
    { cause: err },
  );
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
