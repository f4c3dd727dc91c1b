/**
 * A token service following the distribution token spec (docs/spec/auth/token.md and
 * jwt.md) for a registry run with `auth: token`: `GET /token?service=…&scope=…`, HTTP Basic
 * credentials optional; answers `{token, access_token, expires_in, issued_at}` with a JWT
 * (RS256, the signing certificate in `x5c`) whose `access` claim grants what the user may
 * do. Anonymous users get pull on repositories under `public/` and nothing else; a wrong
 * password gets 401. Every token request is recorded.
 */
import { createPrivateKey, randomUUID, sign, X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface TokenRequest {
  service?: string;
  scopes: string[];
  /** The user name of the Basic credentials sent, if any. */
  user?: string;
  rejected: boolean;
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString("base64url");
}

export class TokenService {
  readonly requests: TokenRequest[] = [];
  readonly #users: Map<string, string>;
  readonly #issuer: string;
  readonly #service: string;
  #server: Server | undefined;
  #certDer: Buffer | undefined;
  #key: ReturnType<typeof createPrivateKey> | undefined;
  host = "";

  constructor(options: { users: Record<string, string>; issuer: string; service: string }) {
    this.#users = new Map(Object.entries(options.users));
    this.#issuer = options.issuer;
    this.#service = options.service;
  }

  get realm(): string {
    return `http://${this.host}/token`;
  }

  async start(certFile: string, keyFile: string): Promise<this> {
    const pem = await readFile(certFile, "utf8");
    this.#certDer = Buffer.from(new X509Certificate(pem).raw);
    this.#key = createPrivateKey(await readFile(keyFile, "utf8"));
    this.#server = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://x");
      if (url.pathname !== "/token") {
        res.writeHead(404);
        res.end();
        return;
      }
      const record: TokenRequest = { scopes: url.searchParams.getAll("scope"), rejected: false };
      const service = url.searchParams.get("service");
      if (service !== null) record.service = service;
      this.requests.push(record);
      let user: string | undefined;
      const auth = req.headers.authorization;
      if (auth?.startsWith("Basic ")) {
        const decoded = Buffer.from(auth.slice(6), "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        const name = decoded.slice(0, colon);
        record.user = name;
        if (this.#users.get(name) !== decoded.slice(colon + 1)) {
          record.rejected = true;
          res.writeHead(401, {
            "content-type": "application/json",
            "www-authenticate": 'Basic realm="token"',
          });
          res.end(JSON.stringify({ details: "incorrect username or password" }));
          return;
        }
        user = name;
      }
      const access = record.scopes.flatMap((scope) => this.#grant(scope, user));
      const token = this.#sign(user ?? "", access);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(
        JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }),
      );
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    this.host = `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  /** What `user` (undefined: anonymous) may do for `repository:NAME:ACTIONS`. */
  #grant(scope: string, user: string | undefined): { type: string; name: string; actions: string[] }[] {
    const parts = scope.split(":");
    if (parts.length < 3 || parts[0] !== "repository") return [];
    const name = parts.slice(1, -1).join(":");
    const asked = (parts.at(-1) ?? "").split(",");
    const allowed =
      user !== undefined ? asked : name.startsWith("public/") ? asked.filter((a) => a === "pull") : [];
    return allowed.length > 0 ? [{ type: "repository", name, actions: allowed }] : [];
  }

  #sign(subject: string, access: unknown[]): string {
    const now = Math.floor(Date.now() / 1000);
    const header = { typ: "JWT", alg: "RS256", x5c: [this.#certDer?.toString("base64")] };
    const claims = {
      iss: this.#issuer,
      sub: subject,
      aud: this.#service,
      exp: now + 300,
      nbf: now - 30,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const input = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
    const signature = sign("sha256", Buffer.from(input), this.#key as ReturnType<typeof createPrivateKey>);
    return `${input}.${base64url(signature)}`;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}
