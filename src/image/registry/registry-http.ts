import { existsSync, readFileSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import type { Readable } from "node:stream";
import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";
import { type Dispatcher, EnvHttpProxyAgent, request } from "undici";
import { DrydockError } from "../../model/index.js";
import type { RegistryOptions } from "./registry-options.js";
import { isLoopbackHost } from "./registry-reference.js";
import { networkErrorCode } from "./retry-policy.js";

/** One HTTP exchange as the registry client sees it; `body` must be read or dumped. */
export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Readable & { dump(opts?: { limit: number }): Promise<void> };
  /** The URL that answered (after redirects). */
  url: URL;
}

export interface HttpRequest {
  method?: "GET" | "HEAD" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

const maxRedirects = 10;
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/** Where the system keeps its CA bundle on common distributions. */
const systemCaBundles = [
  "/etc/ssl/certs/ca-certificates.crt",
  "/etc/pki/tls/certs/ca-bundle.crt",
  "/etc/ssl/ca-bundle.pem",
  "/etc/ssl/cert.pem",
];

function readPemFile(path: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new DrydockError(
      "DRYDOCK_CONFIG_INVALID",
      `${what} ${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? "error"})`,
    );
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new DrydockError("DRYDOCK_CONFIG_INVALID", `${what} ${path}: no PEM certificate in it`);
  }
  return text;
}

/**
 * The trust store: Node's bundled roots, the system bundle, `NODE_EXTRA_CA_CERTS`, and each
 * `--ca-cert` file. Built once; a bad `--ca-cert` file is a configuration error.
 */
function buildSecureContext(caFiles: string[], env: NodeJS.ProcessEnv): SecureContext {
  const ca: string[] = [...rootCertificates];
  const system = systemCaBundles.find((p) => existsSync(p));
  if (system) {
    try {
      ca.push(readFileSync(system, "utf8"));
    } catch {
      // unreadable system bundle: Node's own roots still apply
    }
  }
  if (env.NODE_EXTRA_CA_CERTS && existsSync(env.NODE_EXTRA_CA_CERTS))
    ca.push(readPemFile(env.NODE_EXTRA_CA_CERTS, "NODE_EXTRA_CA_CERTS"));
  for (const file of caFiles) ca.push(readPemFile(file, "--ca-cert"));
  try {
    return createSecureContext({ ca });
  } catch (e) {
    throw new DrydockError(
      "DRYDOCK_CONFIG_INVALID",
      `--ca-cert: not a usable certificate (${(e as Error).message})`,
    );
  }
}

/** `host` or `host:port`, lower-cased, the way `--insecure-registry` entries are compared. */
function normaliseHost(host: string): string {
  return host
    .replace(/^[a-z]+:\/\//i, "")
    .replace(/\/.*$/, "")
    .toLowerCase();
}

/**
 * The HTTP layer of the registry client, on undici: one keep-alive pool per origin, TLS
 * with the system CAs plus `--ca-cert`, certificate checks off only for `--insecure-registry`
 * hosts, `HTTPS_PROXY`/`NO_PROXY` honoured (never for loopback). Redirects are followed by
 * hand so that the `Authorization` header is dropped whenever the origin changes (a
 * registry's bearer token must not reach its storage backend).
 */
export class RegistryHttp {
  readonly #insecure: Set<string>;
  readonly #options: RegistryOptions;
  #verified: Dispatcher | undefined;
  #unverified: Dispatcher | undefined;

  constructor(options: RegistryOptions) {
    this.#options = options;
    this.#insecure = new Set((options.insecureRegistries ?? []).map(normaliseHost));
  }

  /** True when `host[:port]` was named with `--insecure-registry` (with its port or without). */
  isInsecure(host: string): boolean {
    const h = normaliseHost(host);
    if (this.#insecure.has(h)) return true;
    const colon = h.lastIndexOf(":");
    return colon > 0 && !h.endsWith("]") && this.#insecure.has(h.slice(0, colon));
  }

  /** Plain HTTP may be tried for this host: `--insecure-registry`, or a loopback address. */
  allowsPlainHttp(host: string): boolean {
    return this.isInsecure(host) || isLoopbackHost(host);
  }

  #dispatcher(url: URL): Dispatcher {
    const env = this.#options.env ?? process.env;
    const timeouts = this.#options.timeouts ?? {};
    const noProxy = [env.NO_PROXY ?? env.no_proxy, "localhost", "127.0.0.1", "[::1]"]
      .filter(Boolean)
      .join(",");
    const base = {
      headersTimeout: timeouts.headersMs ?? 60_000,
      bodyTimeout: timeouts.bodyMs ?? 120_000,
      noProxy,
      ...(env.HTTP_PROXY || env.http_proxy
        ? { httpProxy: (env.HTTP_PROXY || env.http_proxy) as string }
        : { httpProxy: "" }),
      ...(env.HTTPS_PROXY || env.https_proxy
        ? { httpsProxy: (env.HTTPS_PROXY || env.https_proxy) as string }
        : { httpsProxy: "" }),
    };
    const connectMs = timeouts.connectMs ?? 30_000;
    if (url.protocol === "https:" && this.isInsecure(url.host)) {
      this.#unverified ??= new EnvHttpProxyAgent({
        ...base,
        connect: { timeout: connectMs, rejectUnauthorized: false },
        requestTls: { rejectUnauthorized: false },
      });
      return this.#unverified;
    }
    if (this.#verified === undefined) {
      const secureContext = buildSecureContext(this.#options.caCertFiles ?? [], env);
      this.#verified = new EnvHttpProxyAgent({
        ...base,
        connect: { timeout: connectMs, secureContext },
        requestTls: { secureContext },
      });
    }
    return this.#verified;
  }

  /**
   * Sends one request, following redirects (Authorization dropped across origins, 303 turned
   * into GET). Network failures are thrown as they come (the caller classifies and retries).
   */
  async send(url: URL, init: HttpRequest = {}): Promise<HttpResponse> {
    let current = url;
    let method = init.method ?? "GET";
    let body = init.body;
    const headers: Record<string, string> = { "user-agent": "drydock", ...init.headers };
    for (let hop = 0; ; hop++) {
      const response = await request(current, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
        dispatcher: this.#dispatcher(current),
      });
      const location = response.headers.location;
      if (!redirectStatuses.has(response.statusCode) || typeof location !== "string") {
        return { status: response.statusCode, headers: response.headers, body: response.body, url: current };
      }
      await response.body.dump();
      if (hop >= maxRedirects) {
        throw new DrydockError("DRYDOCK_REGISTRY", `${url.host}: more than ${maxRedirects} redirects`);
      }
      const next = new URL(location, current);
      if (next.protocol !== "https:" && next.protocol !== "http:") {
        throw new DrydockError(
          "DRYDOCK_REGISTRY",
          `${url.host}: redirect to an unsupported URL scheme ${next.protocol}`,
        );
      }
      if (next.origin !== current.origin) {
        // Credentials belong to the origin that asked for them, never to storage backends.
        delete headers.authorization;
      }
      if (response.statusCode === 303 && method !== "HEAD") {
        method = "GET";
        body = undefined;
      }
      current = next;
    }
  }

  /**
   * Ends every connection now, aborting downloads still running (a consumer may have
   * stopped reading a layer): a graceful close would wait for them forever.
   */
  async close(): Promise<void> {
    await Promise.all([this.#verified?.destroy(), this.#unverified?.destroy()]);
  }
}

/** True for a failure of the TLS layer (certificate, handshake, protocol). */
export function isTlsError(error: unknown): boolean {
  const code = networkErrorCode(error) ?? "";
  return (
    code.startsWith("ERR_SSL") ||
    code.startsWith("ERR_TLS") ||
    code === "EPROTO" ||
    /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH/.test(code)
  );
}

/**
 * Words for a network failure, never quoting the request (it may carry credentials):
 * "connection refused", "TLS failure: self-signed certificate"…
 */
export function describeNetworkError(error: unknown): string {
  const code = networkErrorCode(error);
  const message = (error as Error)?.message ?? String(error);
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused";
    case "ENOTFOUND":
      return "host not found (DNS)";
    case "EAI_AGAIN":
      return "DNS lookup failed (temporary)";
    case "ECONNRESET":
    case "UND_ERR_SOCKET":
    case "EPIPE":
      return "connection reset";
    case "ETIMEDOUT":
    case "UND_ERR_CONNECT_TIMEOUT":
      return "connection timed out";
    case "UND_ERR_HEADERS_TIMEOUT":
      return "no answer in time";
    case "UND_ERR_BODY_TIMEOUT":
      return "the download stalled";
    case "ENETUNREACH":
    case "EHOSTUNREACH":
      return "network unreachable";
  }
  if (isTlsError(error)) {
    if (
      code === "ERR_SSL_WRONG_VERSION_NUMBER" ||
      /wrong version number|packet length too long/i.test(message)
    ) {
      return "TLS failure: the server does not speak TLS (plain HTTP?)";
    }
    return `TLS failure: ${message.replace(/\s+/g, " ").slice(0, 200)}`;
  }
  return `${code ? `${code}: ` : ""}${message.replace(/\s+/g, " ").slice(0, 200)}`;
}
