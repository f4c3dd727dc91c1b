import type { LayerCompression } from "../model/index.js";

/** Bytes needed by {@link sniffCompression}. */
export const sniffLength = 4;

/**
 * Recognises a compressed stream by its magic bytes: gzip `1f 8b`, zstd frame `28 b5 2f fd`.
 * Anything else is taken as uncompressed. Media types can lie (a `tar+gzip` blob that is
 * plain, a docker-archive that never says), the bytes cannot.
 */
export function sniffCompression(head: Uint8Array): LayerCompression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "gzip";
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) {
    return "zstd";
  }
  return "none";
}
