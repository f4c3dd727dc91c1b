import { open } from "node:fs/promises";
import { constants, gunzipSync } from "node:zlib";
import { isGzip } from "./open-input.js";

/**
 * The first `bytes` of a file as text, gunzipped when it is gzip (as far as the peeked bytes
 * go). For cheap format detection; undefined when the file cannot be read.
 */
export async function peekText(file: string, bytes = 16384): Promise<string | undefined> {
  let head: Buffer;
  try {
    const fh = await open(file, "r");
    try {
      const buf = Buffer.alloc(bytes);
      const { bytesRead } = await fh.read(buf, 0, bytes, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch {
    return undefined;
  }
  if (isGzip(head)) {
    try {
      // A truncated gzip stream is expected here: keep what inflated.
      head = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      return undefined;
    }
  }
  return head.toString("utf8");
}

/** The first line of a peek (without the line break). */
export function firstLine(text: string): string {
  const nl = text.indexOf("\n");
  return (nl < 0 ? text : text.slice(0, nl)).replace(/\r$/, "").replace(/^\uFEFF/, "");
}
