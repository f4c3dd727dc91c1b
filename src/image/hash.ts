import { createHash } from "node:crypto";
import type { Digest } from "../model/index.js";

/** The digest of a byte string (sha256 unless `algorithm` says otherwise). */
export function digestOf(bytes: Uint8Array, algorithm: "sha256" | "sha512" = "sha256"): Digest {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest("hex")}` as Digest;
}
