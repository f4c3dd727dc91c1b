import { type Digest, DrydockError } from "../../model/index.js";
import type { IntakeEventSink } from "../intake-options.js";
import { MediaType } from "../media-types.js";
import { verifyBytes } from "../read-blob.js";
import { type AuthHeader, RegistryAuth } from "./registry-auth.js";
import { type RequestSubject, readLimited, responseError } from "./registry-errors.js";
import type { HttpRequest, HttpResponse, RegistryHttp } from "./registry-http.js";
import type { RegistryLogin, RetryPolicy } from "./registry-options.js";
import { type RetryContext, sendWithRetries } from "./send-with-retries.js";
import { parseWwwAuthenticate } from "./www-authenticate.js";

/** One registry API to talk to: the reference's registry, or a Docker Hub mirror. */
export interface RegistryEndpoint {
  /** Name credentials are filed under (`docker.io`, `127.0.0.1:5000`, the mirror's host). */
  registry: string;
  /** API `host[:port]`. */
  host: string;
  /** Fixed scheme and origin (mirrors are given as URLs); otherwise HTTPS, or plain HTTP where allowed. */
  base?: URL;
  /** The reference's own registry (login and env credentials apply), not a mirror. */
  primary: boolean;
}

export interface RegistryClientOptions {
  where: string;
  login?: RegistryLogin;
  env: NodeJS.ProcessEnv;
  policy: RetryPolicy;
  onEvent?: IntakeEventSink;
}

/** A manifest as the registry served it. */
export interface FetchedManifest {
  bytes: Buffer;
  /** `Content-Type` without parameters. */
  contentType?: string;
  /** `Docker-Content-Digest`, when sent. */
  digestHeader?: string;
}

/** What drydock accepts, best first; schema 1 last and only so it can be refused by name. */
export const manifestAccept = [
  MediaType.ociIndex,
  MediaType.dockerManifestList,
  MediaType.ociManifest,
  MediaType.dockerManifest,
  `${MediaType.dockerSchema1Signed};q=0.1`,
  `${MediaType.dockerSchema1};q=0.1`,
].join(", ");

/** Largest manifest or index accepted (the distribution spec lets registries refuse > 4 MiB). */
const maxManifestBytes = 4 * 1024 * 1024;

/**
 * A client of one registry's distribution API (OCI distribution-spec v1.1): the `/v2/`
 * ping that fixes the scheme and the auth challenge, then manifests and blobs of one
 * repository, every request authorised (see {@link RegistryAuth}) and retried on 429/5xx
 * and connection failures.
 */
export class RegistryClient {
  readonly endpoint: RegistryEndpoint;
  readonly #http: RegistryHttp;
  readonly #options: RegistryClientOptions;
  readonly #auth: RegistryAuth;
  #base: URL | undefined;
  #pinged: Promise<void> | undefined;

  constructor(endpoint: RegistryEndpoint, http: RegistryHttp, options: RegistryClientOptions) {
    this.endpoint = endpoint;
    this.#http = http;
    this.#options = options;
    this.#auth = new RegistryAuth({
      http,
      registry: endpoint.registry,
      host: endpoint.host,
      primary: endpoint.primary,
      env: options.env,
      retry: {
        policy: options.policy,
        where: options.where,
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      },
      ...(options.login ? { login: options.login } : {}),
    });
  }

  get #retry(): RetryContext {
    const { policy, where, onEvent } = this.#options;
    return { policy, where, host: this.endpoint.host, ...(onEvent ? { onEvent } : {}) };
  }

  /** The origin requests go to (known after the ping). */
  get baseUrl(): URL | undefined {
    return this.#base;
  }

  /**
   * `GET /v2/`: finds the scheme (HTTPS; plain HTTP only for `--insecure-registry` and
   * loopback hosts whose server does not speak TLS) and the auth challenge. Runs once.
   * @throws DrydockError DRYDOCK_REGISTRY unreachable, TLS failure, not a registry.
   */
  ping(): Promise<void> {
    this.#pinged ??= this.#ping();
    return this.#pinged;
  }

  async #ping(): Promise<void> {
    const { where } = this.#options;
    const { host } = this.endpoint;
    let response: HttpResponse;
    if (this.endpoint.base) {
      response = await this.#sendPing(this.endpoint.base);
      this.#base = this.endpoint.base;
    } else {
      const https = new URL(`https://${host}`);
      try {
        response = await this.#sendPing(https);
        this.#base = https;
      } catch (e) {
        if (!this.#http.allowsPlainHttp(host)) throw e;
        const http = new URL(`http://${host}`);
        const plain = await this.#http.send(new URL("/v2/", http)).catch(() => undefined);
        if (plain === undefined || (plain.status !== 200 && plain.status !== 401)) {
          await plain?.body.dump().catch(() => {});
          throw e;
        }
        this.#options.onEvent?.("registry plain-http", { host });
        response = plain;
        this.#base = http;
      }
    }
    const status = response.status;
    if (status === 401) this.#auth.setChallenge(response.headers);
    if (status === 200 || status === 401) {
      await response.body.dump().catch(() => {});
      return;
    }
    if (status === 404) {
      await response.body.dump().catch(() => {});
      throw new DrydockError(
        "DRYDOCK_REGISTRY",
        `${where}: ${host} does not serve the registry API (GET /v2/ answered 404)`,
      );
    }
    throw await responseError(response, {
      where,
      host,
      repository: "",
      what: "the API version check (/v2/)",
    });
  }

  #sendPing(base: URL): Promise<HttpResponse> {
    return sendWithRetries(() => this.#http.send(new URL("/v2/", base)), this.#retry);
  }

  /**
   * Sends an authorised request for `scope`, retrying as {@link sendWithRetries} does; a 401
   * leads to one escalation (anonymous → credentials, or a fresh token).
   * @throws DrydockError DRYDOCK_REGISTRY_AUTH when the credentials are refused.
   */
  async request(
    path: string,
    scope: string,
    init: HttpRequest,
    subject: RequestSubject,
  ): Promise<HttpResponse> {
    await this.ping();
    const url = new URL(path, this.#base);
    for (let authRetries = 0; ; authRetries++) {
      let sent: AuthHeader = { kind: "none" };
      const response = await sendWithRetries(async () => {
        sent = await this.#auth.header(scope);
        const headers = { ...init.headers, ...(sent.value ? { authorization: sent.value } : {}) };
        return this.#http.send(url, { ...init, headers });
      }, this.#retry);
      if (response.status !== 401) return response;
      await response.body.dump().catch(() => {});
      if (authRetries < 2 && (await this.#auth.retryAfterUnauthorized(response.headers, sent.kind, scope)))
        continue;
      if (authRetries === 0 && sent.kind === "credentials") {
        // A cached token may have expired early: one more try with a fresh one.
        this.#auth.dropToken(scope);
        continue;
      }
      throw this.#unauthorized(response, sent, subject);
    }
  }

  #unauthorized(response: HttpResponse, sent: AuthHeader, subject: RequestSubject): DrydockError {
    const { where, host, repository } = subject;
    const source = this.#auth.credentialSource;
    const challenge = parseWwwAuthenticate(response.headers["www-authenticate"])[0];
    if (sent.kind === "credentials" && source !== undefined) {
      if (challenge?.params.error === "insufficient_scope") {
        return new DrydockError(
          "DRYDOCK_REGISTRY_AUTH",
          `${where}: access denied: ${host} does not let the credentials from ${source} pull ${repository} (or it does not exist)`,
        );
      }
      return new DrydockError(
        "DRYDOCK_REGISTRY_AUTH",
        `${where}: authentication failed: ${host} refused the credentials from ${source}`,
      );
    }
    return new DrydockError(
      "DRYDOCK_REGISTRY_AUTH",
      `${where}: ${host} refused the request for ${subject.what} (HTTP 401)`,
    );
  }

  #subject(repository: string, what: string): RequestSubject {
    const subject: RequestSubject = {
      where: this.#options.where,
      host: this.endpoint.host,
      repository,
      what,
    };
    const source = this.#auth.credentialSource;
    if (source !== undefined) subject.credentialSource = source;
    return subject;
  }

  /**
   * `GET /v2/<repository>/manifests/<reference>` with drydock's Accept list. The bytes are
   * returned unverified: the caller checks them against the reference and the header.
   * @throws DrydockError not found, denied, too large, unreachable.
   */
  async fetchManifest(repository: string, reference: string, what: string): Promise<FetchedManifest> {
    const subject = this.#subject(repository, what);
    const response = await this.request(
      `/v2/${repository}/manifests/${reference}`,
      pullScope(repository),
      {
        headers: { accept: manifestAccept },
      },
      subject,
    );
    if (response.status !== 200) throw await responseError(response, this.#subject(repository, what));
    const declared = Number(response.headers["content-length"]);
    if (Number.isFinite(declared) && declared > maxManifestBytes) {
      await response.body.dump().catch(() => {});
      throw new DrydockError(
        "DRYDOCK_TARGET_FORMAT",
        `${subject.where}: ${what} is ${declared} bytes, more than the ${maxManifestBytes} drydock reads`,
      );
    }
    const bytes = await readBody(response, maxManifestBytes + 1, subject);
    if (bytes.length > maxManifestBytes) {
      throw new DrydockError(
        "DRYDOCK_TARGET_FORMAT",
        `${subject.where}: ${what} is larger than the ${maxManifestBytes} bytes drydock reads`,
      );
    }
    const fetched: FetchedManifest = { bytes };
    const type = response.headers["content-type"];
    if (typeof type === "string") fetched.contentType = type.split(";")[0]?.trim() ?? type;
    const digest = response.headers["docker-content-digest"];
    if (typeof digest === "string") fetched.digestHeader = digest.trim();
    return fetched;
  }

  /**
   * Reads a small blob (the config) whole, checking its size and digest.
   * @throws DrydockError DRYDOCK_DIGEST_MISMATCH, DRYDOCK_BLOB_MISSING, DRYDOCK_REGISTRY*.
   */
  async fetchSmallBlob(
    repository: string,
    descriptor: { digest: Digest; size: number },
    what: string,
    maxBytes: number,
  ): Promise<Buffer> {
    const subject = this.#subject(repository, `${what} ${descriptor.digest}`);
    if (descriptor.size > maxBytes) {
      throw new DrydockError(
        "DRYDOCK_TARGET_FORMAT",
        `${subject.where}: ${what} is ${descriptor.size} bytes, more than the ${maxBytes} drydock reads`,
      );
    }
    const response = await this.request(
      `/v2/${repository}/blobs/${descriptor.digest}`,
      pullScope(repository),
      {},
      subject,
    );
    if (response.status !== 200) throw await responseError(response, this.#subject(repository, subject.what));
    const bytes = await readBody(response, descriptor.size + 1, subject);
    if (bytes.length !== descriptor.size) {
      throw new DrydockError(
        "DRYDOCK_DIGEST_MISMATCH",
        `${subject.where}: ${what} ${descriptor.digest}: size mismatch: expected ${descriptor.size} bytes, got ${bytes.length}${bytes.length > descriptor.size ? " or more" : ""}`,
      );
    }
    verifyBytes(bytes, descriptor.digest, `${subject.where}: ${what}`);
    return bytes;
  }

  /**
   * Starts a blob download from byte `offset` (a Range request when > 0).
   * @returns a 200 or 206 answer whose body is the blob (or its tail).
   * @throws DrydockError for any other answer.
   */
  async fetchBlob(repository: string, digest: Digest, offset: number, what: string): Promise<HttpResponse> {
    const subject = this.#subject(repository, what);
    const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
    const response = await this.request(
      `/v2/${repository}/blobs/${digest}`,
      pullScope(repository),
      { headers },
      subject,
    );
    if (response.status === 200 || (response.status === 206 && offset > 0)) return response;
    throw await responseError(response, this.#subject(repository, what));
  }
}

/** The token scope for pulling from a repository (distribution token-scope.md). */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

async function readBody(response: HttpResponse, limit: number, subject: RequestSubject): Promise<Buffer> {
  try {
    return await readLimited(response.body, limit);
  } catch (e) {
    if (e instanceof DrydockError) throw e;
    throw new DrydockError(
      "DRYDOCK_REGISTRY",
      `${subject.where}: reading ${subject.what} from ${subject.host} failed: ${(e as Error).message}`,
      { cause: e },
    );
  }
}
