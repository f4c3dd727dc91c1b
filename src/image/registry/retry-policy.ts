import type { RetryPolicy } from "./registry-options.js";

/** HTTP statuses worth another try: rate limiting and transient server trouble. */
const retryableStatuses = new Set([408, 429, 500, 502, 503, 504]);

/** Network error codes worth another try (Node and undici names). */
const retryableErrorCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
  "UND_ERR_CLOSED",
]);

export function isRetryableStatus(status: number): boolean {
  return retryableStatuses.has(status);
}

/** The Node/undici error code of a network failure (looking through `cause`). */
export function networkErrorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && typeof e === "object" && e !== null; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && code !== "") return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isRetryableError(error: unknown): boolean {
  const code = networkErrorCode(error);
  return code !== undefined && retryableErrorCodes.has(code);
}

/**
 * Reads `Retry-After` (RFC 9110 section 10.2.3): delay-seconds or an HTTP date.
 * @returns milliseconds to wait, or undefined when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | string[] | undefined,
  now: number = Date.now(),
): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const when = Date.parse(text);
  if (Number.isNaN(when)) return undefined;
  return Math.max(0, when - now);
}

/**
 * The wait before try number `attempt + 1` (attempt counts from 1): exponential from
 * `baseDelayMs`, capped at `maxDelayMs`, with "equal jitter" so parallel clients spread out.
 */
export function backoffDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
