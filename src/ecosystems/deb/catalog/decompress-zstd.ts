import { Decompress } from "fzstd";

const chunkSize = 64 * 1024;

/**
 * Decompresses a zstd stream in memory, refusing to produce more than `maxBytes` (a
 * decompression bomb stops at the cap, not at the end of memory). Returns an error string
 * for corrupt input or a stream over the cap; never throws.
 */
export function decompressZstd(input: Uint8Array, maxBytes: number): Uint8Array | { error: string } {
  const parts: Uint8Array[] = [];
  let total = 0;
  let overCap = false;
  const stream = new Decompress((chunk) => {
    total += chunk.length;
    if (total > maxBytes) {
      overCap = true;
      throw new Error("over cap");
    }
    parts.push(chunk);
  });
  try {
    for (let at = 0; at < input.length; at += chunkSize) {
      stream.push(input.subarray(at, at + chunkSize), at + chunkSize >= input.length);
    }
    if (input.length === 0) return { error: "empty zstd stream" };
  } catch (e) {
    if (overCap) return { error: `expands beyond ${maxBytes} bytes` };
    return { error: `corrupt zstd stream (${(e as Error).message})` };
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
