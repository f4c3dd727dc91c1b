import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";

/** True when the bytes start with the gzip magic number. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Opens a feed file as a byte stream, gunzipped when its name ends in `.gz`. Errors of the
 * file and of the gunzip surface on the returned stream.
 */
export function openInputStream(file: string): Readable {
  const raw = createReadStream(file, { highWaterMark: 1 << 20 });
  if (!file.endsWith(".gz")) return raw;
  const gunzip = createGunzip();
  raw.on("error", (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

/** The same as text (UTF-8, multi-byte characters never split across chunks). */
export function openInputText(file: string): AsyncIterable<string> {
  const s = openInputStream(file);
  s.setEncoding("utf8");
  return s as AsyncIterable<string>;
}
