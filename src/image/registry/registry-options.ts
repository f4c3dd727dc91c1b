/** A user name and password (or token) given for this run. Never logged, never in a message. */
export interface RegistryLogin {
  username: string;
  password: string;
}

/** How retries back off (429, 5xx, connection resets). */
export interface RetryPolicy {
  /** Tries per request, the first included. Default 4. */
  attempts: number;
  /** First backoff; doubles each time, with jitter. Default 400 ms. */
  baseDelayMs: number;
  /** Longest backoff between two tries. Default 10 s. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the request fails as rate limited. Default 60 s. */
  maxRetryAfterMs: number;
}

/**
 * Options of the registry client (what `--username`, `--password-stdin`, `--ca-cert`,
 * `--insecure-registry` and `--registry-mirror` set). Everything is optional: with none, the
 * client talks HTTPS with the system CAs and takes credentials from the environment and the
 * Docker config when a registry asks for them.
 */
export interface RegistryOptions {
  /** Credentials for the reference's registry (`--username` + `--password-stdin`); win over every other source. */
  login?: RegistryLogin;
  /** PEM files of extra CAs trusted for TLS, on top of the system CAs (`--ca-cert`). */
  caCertFiles?: string[];
  /**
   * `host[:port]` entries allowed plain HTTP or an unverified certificate (`--insecure-registry`).
   * Loopback registries may use plain HTTP without being listed (as Docker allows), never an
   * unverified certificate.
   */
  insecureRegistries?: string[];
  /** Docker Hub mirrors (`https://mirror.example.com`), tried in order before Docker Hub itself. */
  mirrors?: string[];
  /** Blob downloads running at once. Default 3. */
  maxConcurrentDownloads?: number;
  retry?: Partial<RetryPolicy>;
  /** Timeouts of one request, in ms: connecting, waiting for headers, silence inside a body. */
  timeouts?: { connectMs?: number; headersMs?: number; bodyMs?: number };
  /**
   * The environment credentials are read from (`DRYDOCK_REGISTRY_USERNAME`,
   * `DRYDOCK_REGISTRY_PASSWORD`, `DOCKER_CONFIG`, `HOME`, `PATH` for credential helpers).
   * Default `process.env`.
   */
  env?: NodeJS.ProcessEnv;
}

export const defaultRetryPolicy: Readonly<RetryPolicy> = Object.freeze({
  attempts: 4,
  baseDelayMs: 400,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
});

export const defaultMaxConcurrentDownloads = 3;
