import { DrydockError } from "./errors.js";

/** An OCI content digest, `algorithm:hex` (only sha256 and sha512 are accepted). */
export type Digest = `sha256:${string}` | `sha512:${string}`;

const digestPattern = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export function isDigest(value: unknown): value is Digest {
  return typeof value === "string" && digestPattern.test(value);
}

/**
 * Validates a digest string from untrusted input.
 * @throws DrydockError DRYDOCK_DIGEST_INVALID naming `where`.
 */
export function parseDigest(value: unknown, where: string): Digest {
  if (isDigest(value)) return value;
  throw new DrydockError(
    "DRYDOCK_DIGEST_INVALID",
    `${where}: invalid digest ${JSON.stringify(String(value).slice(0, 80))}`,
  );
}

/** The hash algorithm name node:crypto uses for a digest. */
export function digestAlgorithm(d: Digest): "sha256" | "sha512" {
  return d.startsWith("sha512:") ? "sha512" : "sha256";
}

export function digestHex(d: Digest): string {
  return d.slice(d.indexOf(":") + 1);
}
