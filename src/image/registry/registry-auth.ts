import type { IncomingHttpHeaders } from "node:http";
import { DrydockError } from "../../model/index.js";
import type { CredentialLookup, RegistryCredential } from "./registry-credentials.js";
import { lookupCredentials } from "./registry-credentials.js";
import { readLimited } from "./registry-errors.js";
import type { RegistryHttp } from "./registry-http.js";
import type { RegistryLogin } from "./registry-options.js";
import { type RetryContext, sendWithRetries } from "./send-with-retries.js";
import { type AuthChallenge, parseWwwAuthenticate } from "./www-authenticate.js";

/** How a request was authorised: nothing sent, an anonymous bearer token, or credentials. */
export type AuthKind = "none" | "anonymous" | "credentials";

export interface AuthHeader {
  /** The `Authorization` value, when one is sent. Secret: never log it. */
  value?: string;
  kind: AuthKind;
}

export interface RegistryAuthOptions {
  http: RegistryHttp;
  /** Registry name credentials are filed under (`docker.io`, `host:5000`). */
  registry: string;
  /** API host, for messages. */
  host: string;
  /** The reference's own registry (not a mirror): `--username` and the env credentials apply. */
  primary: boolean;
  login?: RegistryLogin;
  env: NodeJS.ProcessEnv;
  retry: Omit<RetryContext, "host">;
}

interface CachedToken {
  value: string;
  kind: AuthKind;
  expiresAt: number;
}

const defaultTokenLifetimeS = 60;
const maxTokenResponse = 1024 * 1024;

/**
 * Authentication against one registry, as the distribution spec's token flow and HTTP
 * Basic need it. The challenge comes from the `/v2/` ping (and any later 401). Bearer:
 * a token per scope from the challenge's realm, reused until it expires; an anonymous
 * token first, credentials only once the registry (or the token service) refuses
 * anonymous access — except credentials given for this run (`--username`, the
 * `DRYDOCK_REGISTRY_*` variables), which are used from the start. Basic: credentials once
 * the registry asks. Credentials are looked up lazily and once.
 */
export class RegistryAuth {
  readonly #options: RegistryAuthOptions;
  #challenge: AuthChallenge | undefined;
  #needsCredentials = false;
  readonly #tokens = new Map<string, CachedToken>();
  readonly #pending = new Map<string, Promise<CachedToken>>();
  #lookup: Promise<CredentialLookup> | undefined;
  #credentialSource: string | undefined;

  constructor(options: RegistryAuthOptions) {
    this.#options = options;
    const env = options.env;
    if (
      options.primary &&
      (options.login || (env.DRYDOCK_REGISTRY_USERNAME && env.DRYDOCK_REGISTRY_PASSWORD !== undefined))
    ) {
      this.#needsCredentials = true;
    }
  }

  /** Where the credentials in use came from (a name, never a secret); undefined while anonymous. */
  get credentialSource(): string | undefined {
    return this.#credentialSource;
  }

  /** Records the challenge of a 401 (the ping's, or a later one). Bearer wins over Basic. */
  setChallenge(headers: IncomingHttpHeaders): void {
    const challenges = parseWwwAuthenticate(headers["www-authenticate"]);
    const chosen =
      challenges.find((c) => c.scheme === "bearer") ?? challenges.find((c) => c.scheme === "basic");
    if (chosen) this.#challenge = chosen;
    if (chosen?.scheme === "basic") this.#needsCredentials = true;
  }

  /**
   * The Authorization header for a request needing `scope` (`repository:team/app:pull`).
   * @throws DrydockError DRYDOCK_REGISTRY_AUTH when credentials are needed and none are
   *   found, or the token service refuses them.
   */
  async header(scope: string): Promise<AuthHeader> {
    const challenge = this.#challenge;
    if (challenge === undefined) return { kind: "none" };
    if (challenge.scheme === "basic") {
      const credential = await this.#requireCredential(scope);
      if (credential.password === undefined || credential.username === undefined) {
        throw new DrydockError(
          "DRYDOCK_REGISTRY_AUTH",
          `${this.#options.retry.where}: ${this.#options.host} wants a user name and password; the credentials from ${credential.source} hold only a token`,
        );
      }
      return { kind: "credentials", value: basicValue(credential.username, credential.password) };
    }
    if (challenge.scheme !== "bearer") {
      throw new DrydockError(
        "DRYDOCK_REGISTRY_AUTH",
        `${this.#options.retry.where}: ${this.#options.host} asks for unsupported authentication scheme ${JSON.stringify(challenge.scheme)}`,
      );
    }
    const token = await this.#token(scope);
    return { kind: token.kind, value: `Bearer ${token.value}` };
  }

  /**
   * Handles a 401 to a request sent with `sent`: records the new challenge and says whether
   * a retry with fresh authorisation makes sense (anonymous → credentials, none → token).
   * False means the credentials in use were refused.
   */
  async retryAfterUnauthorized(
    headers: IncomingHttpHeaders,
    sent: AuthKind,
    scope: string,
  ): Promise<boolean> {
    this.setChallenge(headers);
    if (this.#challenge === undefined) return false;
    if (sent === "none") return true;
    if (sent === "anonymous") {
      this.#needsCredentials = true;
      this.#tokens.delete(scope);
      this.#options.retry.onEvent?.("registry auth-escalate", { host: this.#options.host, scope });
      return true;
    }
    return false;
  }

  /** Forgets a cached token the registry no longer takes (expired early, revoked). */
  dropToken(scope: string): void {
    this.#tokens.delete(scope);
  }

  async #credential(): Promise<CredentialLookup> {
    this.#lookup ??= lookupCredentials(this.#options.registry, {
      primary: this.#options.primary,
      env: this.#options.env,
      ...(this.#options.login ? { login: this.#options.login } : {}),
    });
    return this.#lookup;
  }

  async #requireCredential(scope: string): Promise<RegistryCredential> {
    const lookup = await this.#credential();
    if (lookup.credential === undefined) {
      const repository = scope.split(":")[1] ?? scope;
      throw new DrydockError(
        "DRYDOCK_REGISTRY_AUTH",
        `${this.#options.retry.where}: authentication required: ${this.#options.host} does not let anonymous users pull ${repository} (or it does not exist), and no credentials were found (looked in: ${lookup.consulted.join("; ")})`,
        {
          hint: "log in with --username and --password-stdin, DRYDOCK_REGISTRY_USERNAME/PASSWORD, or docker login",
        },
      );
    }
    this.#credentialSource = lookup.credential.source;
    return lookup.credential;
  }

  async #token(scope: string): Promise<CachedToken> {
    const cached = this.#tokens.get(scope);
    const kind: AuthKind = this.#needsCredentials ? "credentials" : "anonymous";
    if (cached && cached.expiresAt > Date.now() && (cached.kind === kind || cached.kind === "credentials"))
      return cached;
    const key = `${kind}|${scope}`;
    let pending = this.#pending.get(key);
    if (pending === undefined) {
      pending = this.#fetchToken(scope, kind).finally(() => this.#pending.delete(key));
      this.#pending.set(key, pending);
    }
    const token = await pending;
    this.#tokens.set(scope, token);
    return token;
  }

  async #fetchToken(scope: string, kind: AuthKind): Promise<CachedToken> {
    const { where } = this.#options.retry;
    const challenge = this.#challenge as AuthChallenge;
    const realm = parseRealm(challenge.params.realm, where, this.#options.host);
    const credential = kind === "credentials" ? await this.#requireCredential(scope) : undefined;
    if (credential?.registryToken) {
      return { value: credential.registryToken, kind, expiresAt: Number.POSITIVE_INFINITY };
    }
    if (credential && realm.protocol === "http:" && !this.#options.http.allowsPlainHttp(realm.host)) {
      throw new DrydockError(
        "DRYDOCK_REGISTRY_AUTH",
        `${where}: the token service of ${this.#options.host} is plain HTTP (${realm.host}); drydock will not send credentials there`,
        { hint: `allow it with --insecure-registry ${realm.host} if this is a test registry` },
      );
    }
    const url = new URL(realm);
    const service = challenge.params.service;
    const headers: Record<string, string> = { accept: "application/json" };
    let method: "GET" | "POST" = "GET";
    let body: string | undefined;
    if (credential?.identityToken) {
      // OAuth2 refresh-token grant (distribution's oauth.md), as Docker does with identity tokens.
      method = "POST";
      headers["content-type"] = "application/x-www-form-urlencoded";
      const form = new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: credential.identityToken,
        client_id: "drydock",
      });
      if (service) form.set("service", service);
      form.set("scope", scope);
      body = form.toString();
    } else {
      if (service) url.searchParams.set("service", service);
      url.searchParams.append("scope", scope);
      if (credential?.username !== undefined && credential.password !== undefined) {
        headers.authorization = basicValue(credential.username, credential.password);
      }
    }
    this.#options.retry.onEvent?.("registry token-request", { realm: realm.host, scope, kind });
    const response = await sendWithRetries(
      () => this.#options.http.send(url, { method, headers, ...(body ? { body } : {}) }),
      {
        ...this.#options.retry,
        host: realm.host,
      },
    );
    if (response.status === 401 || response.status === 403) {
      await response.body.dump().catch(() => {});
      if (credential === undefined) {
        // The token service wants credentials even for pulls: look them up and ask again.
        this.#needsCredentials = true;
        return this.#fetchToken(scope, "credentials");
      }
      throw new DrydockError(
        "DRYDOCK_REGISTRY_AUTH",
        `${where}: authentication failed: the token service of ${this.#options.host} (${realm.host}) refused the credentials from ${credential.source}`,
      );
    }
    if (response.status !== 200) {
      await response.body.dump().catch(() => {});
      throw new DrydockError(
        "DRYDOCK_REGISTRY_AUTH",
        `${where}: the token service of ${this.#options.host} (${realm.host}) answered HTTP ${response.status}`,
      );
    }
    const json = parseTokenResponse(await readLimited(response.body, maxTokenResponse));
    if (json === undefined) {
      throw new DrydockError(
        "DRYDOCK_REGISTRY_AUTH",
        `${where}: the token service of ${this.#options.host} (${realm.host}) sent no token`,
      );
    }
    const lifetime = (json.expiresIn ?? defaultTokenLifetimeS) * 1000;
    // Renew a little early so a token does not expire between check and use.
    const margin = Math.min(10_000, lifetime / 10);
    return { value: json.token, kind, expiresAt: Date.now() + lifetime - margin };
  }
}

function basicValue(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

function parseRealm(realm: string | undefined, where: string, host: string): URL {
  let url: URL | undefined;
  try {
    url = realm ? new URL(realm) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:")) {
    throw new DrydockError(
      "DRYDOCK_REGISTRY_AUTH",
      `${where}: ${host} sent a bearer challenge without a usable realm URL`,
    );
  }
  return url;
}

/** `{token}` or `{access_token}` with `expires_in` (distribution token.md); undefined when there is none. */
function parseTokenResponse(bytes: Buffer): { token: string; expiresIn?: number } | undefined {
  try {
    const json = JSON.parse(bytes.toString("utf8")) as {
      token?: unknown;
      access_token?: unknown;
      expires_in?: unknown;
    };
    const token = typeof json.token === "string" && json.token !== "" ? json.token : json.access_token;
    if (typeof token !== "string" || token === "" || /[\r\n]/.test(token)) return undefined;
    const expires = typeof json.expires_in === "number" && json.expires_in > 0 ? json.expires_in : undefined;
    return expires === undefined ? { token } : { token, expiresIn: expires };
  } catch {
    return undefined;
  }
}
