import { PassThrough, type Readable } from "node:stream";
import { DrydockError } from "../../model/index.js";
import type { IntakeEventSink } from "../intake-options.js";
import { describeNetworkError, type HttpResponse } from "./registry-http.js";
import type { RetryPolicy } from "./registry-options.js";
import { backoffDelay, isRetryableError, sleep } from "./retry-policy.js";

export interface ResumableBlobOptions {
  /**
   * Requests the blob from byte `offset` (with `Range: bytes=offset-` when > 0) and resolves
   * with a 200 or 206 answer; any other outcome is thrown as a DrydockError.
   */
  fetch(offset: number): Promise<HttpResponse>;
  /** Blob size from the descriptor: a body that ends short of it is resumed too. */
  size?: number;
  policy: RetryPolicy;
  where: string;
  host: string;
  /** `layer 2 blob sha256:…`, for messages. */
  what: string;
  onEvent?: IntakeEventSink;
}

const contentRangePattern = /^bytes (\d+)-(\d+)\/(\d+|\*)$/;

/**
 * Streams a blob whose download survives interruptions: when the connection drops (or
 * the body ends short of the declared size), the rest is requested with an HTTP Range
 * from the last byte received, up to `policy.attempts - 1` times with backoff. A server
 * that ignores the Range (200) is read again from the start with the bytes already
 * delivered skipped. Bytes flow with backpressure (never a whole blob in memory); the
 * digest is checked downstream (layer-stream).
 * @throws DrydockError from the first request (not found, denied, unreachable).
 */
export async function openResumableBlob(options: ResumableBlobOptions): Promise<Readable> {
  const first = await options.fetch(0);
  const out = new PassThrough();
  pump(first, out, options).catch((e: unknown) => {
    if (!out.destroyed) out.destroy(e as Error);
  });
  return out;
}

async function pump(first: HttpResponse, out: PassThrough, options: ResumableBlobOptions): Promise<void> {
  const { where, host, what, policy } = options;
  let response = first;
  let offset = 0;
  let resumes = 0;
  for (;;) {
    let skip = 0;
    if (offset > 0) skip = rangeSkip(response, offset, where, what);
    let failure: unknown;
    try {
      for await (const chunk of response.body) {
        let c = chunk as Buffer;
        if (skip > 0) {
          const drop = Math.min(skip, c.length);
          skip -= drop;
          c = c.subarray(drop);
          if (c.length === 0) continue;
        }
        offset += c.length;
        if (!(await write(out, c))) {
          response.body.destroy();
          return;
        }
      }
    } catch (e) {
      failure = e;
    }
    if (out.destroyed) return;
    const short = failure === undefined && options.size !== undefined && offset < options.size;
    if (failure === undefined && !short) {
      out.end();
      return;
    }
    const cause =
      failure === undefined
        ? `the body ended after ${offset} of ${options.size} bytes`
        : describeNetworkError(failure);
    if ((failure !== undefined && !isRetryableError(failure)) || resumes >= policy.attempts - 1) {
      throw new DrydockError(
        "DRYDOCK_REGISTRY",
        `${where}: download of ${what} from ${host} failed: ${cause}${resumes > 0 ? ` (resumed ${resumes} times)` : ""}`,
        { cause: failure },
      );
    }
    resumes++;
    const wait = backoffDelay(resumes, policy);
    options.onEvent?.("registry blob-resume", { host, what, offset, attempt: resumes, cause, waitMs: wait });
    await sleep(wait);
    if (out.destroyed) return;
    response = await options.fetch(offset);
  }
}

/** How many bytes of a resumed answer to drop: 0 for a matching 206, `offset` for a full 200. */
function rangeSkip(response: HttpResponse, offset: number, where: string, what: string): number {
  if (response.status === 200) return offset;
  const range = contentRangePattern.exec(String(response.headers["content-range"] ?? ""));
  if (!range || Number(range[1]) !== offset) {
    response.body.destroy();
    throw new DrydockError(
      "DRYDOCK_REGISTRY",
      `${where}: resuming ${what}: asked for bytes from ${offset}, the server sent ${JSON.stringify(response.headers["content-range"] ?? "no Content-Range")}`,
    );
  }
  return 0;
}

/** Writes with backpressure; false when the reader went away. */
function write(out: PassThrough, chunk: Buffer): Promise<boolean> {
  if (out.destroyed) return Promise.resolve(false);
  if (out.write(chunk)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = () => {
      out.off("drain", done);
      out.off("close", done);
      resolve(!out.destroyed);
    };
    out.on("drain", done);
    out.on("close", done);
  });
}
