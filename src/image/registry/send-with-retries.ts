import { DrydockError } from "../../model/index.js";
import type { IntakeEventSink } from "../intake-options.js";
import { describeNetworkError, type HttpResponse, isTlsError } from "./registry-http.js";
import type { RetryPolicy } from "./registry-options.js";
import { backoffDelay, isRetryableError, isRetryableStatus, parseRetryAfter, sleep } from "./retry-policy.js";

export interface RetryContext {
  policy: RetryPolicy;
  /** Names the target in messages. */
  where: string;
  /** The host being talked to (`registry-1.docker.io`, `auth.docker.io`). */
  host: string;
  onEvent?: IntakeEventSink;
}

/**
 * Sends a request with `send` (called again for each try, so auth headers are fresh),
 * retrying 408/429/5xx answers and connection failures with exponential backoff, honouring
 * `Retry-After`. After the last try the last answer is returned as it is (the caller words
 * the error); a network failure becomes a DrydockError naming the host and the cause.
 * A `Retry-After` longer than the policy allows is not waited for.
 * @throws DrydockError DRYDOCK_REGISTRY (unreachable, TLS failure, connection reset).
 */
export async function sendWithRetries(
  send: () => Promise<HttpResponse>,
  context: RetryContext,
): Promise<HttpResponse> {
  const { policy, where, host } = context;
  for (let attempt = 1; ; attempt++) {
    let response: HttpResponse;
    try {
      response = await send();
    } catch (e) {
      if (e instanceof DrydockError) throw e;
      if (isTlsError(e)) {
        throw new DrydockError(
          "DRYDOCK_REGISTRY",
          `${where}: cannot reach ${host}: ${describeNetworkError(e)}`,
          {
            cause: e,
            hint: `trust the registry's CA with --ca-cert FILE (or, for a test registry only, --insecure-registry ${host})`,
          },
        );
      }
      if (!isRetryableError(e) || attempt >= policy.attempts) {
        const tries = attempt > 1 ? ` (${attempt} tries)` : "";
        throw new DrydockError(
          "DRYDOCK_REGISTRY",
          `${where}: registry ${host} is unreachable: ${describeNetworkError(e)}${tries}`,
          {
            cause: e,
          },
        );
      }
      const wait = backoffDelay(attempt, policy);
      context.onEvent?.("registry retry", { host, attempt, cause: describeNetworkError(e), waitMs: wait });
      await sleep(wait);
      continue;
    }
    if (!isRetryableStatus(response.status) || attempt >= policy.attempts) return response;
    const asked = parseRetryAfter(response.headers["retry-after"]);
    if (asked !== undefined && asked > policy.maxRetryAfterMs) return response;
    const wait = asked ?? backoffDelay(attempt, policy);
    await response.body.dump().catch(() => {});
    context.onEvent?.("registry retry", { host, attempt, status: response.status, waitMs: wait });
    await sleep(wait);
  }
}
