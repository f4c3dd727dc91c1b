import type { Digest, ErrorCode } from "../model/index.js";
import { DrydockError } from "../model/index.js";

/** `sha256:0123456789ab`: enough of a diffId to name a layer in a one-line message. */
export function shortDigest(digest: Digest): string {
  const colon = digest.indexOf(":");
  return digest.slice(0, colon + 13);
}

/** Quotes an untrusted name for a one-line message: JSON escapes, at most 160 characters. */
export function quoteName(name: string): string {
  const cut = name.length > 160 ? `${name.slice(0, 160)}…` : name;
  return JSON.stringify(cut);
}

/** `DrydockError(code, "<target>: layer <short diffId>: <cause>")`. */
export function layerError(
  code: ErrorCode,
  target: string,
  layer: Digest,
  cause: string,
  options?: { cause?: unknown },
): DrydockError {
  return new DrydockError(code, `${target}: layer ${shortDigest(layer)}: ${cause}`, options);
}
