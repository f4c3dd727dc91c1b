/**
 * A small in-process registry (node:http on 127.0.0.1) speaking the read side of the OCI
 * distribution API — `/v2/`, manifests, blobs with Range — so that the faults a real
 * registry will not produce on demand (429 with Retry-After, 503, a connection cut in the
 * middle of a blob, redirects to a storage host, a lying Docker-Content-Digest, schema 1)
 * can be injected by a test. Every request is recorded.
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordedRequest {
  method: string;
  path: string;
  authorization?: string;
  range?: string;
  accept?: string;
}

/** Return true when the request was answered. */
export type Interceptor = (
  req: IncomingMessage,
  res: ServerResponse,
  fake: FakeRegistry,
) => boolean | Promise<boolean>;

export function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

interface StoredManifest {
  bytes: Buffer;
  mediaType: string;
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ errors: [{ code, message }] }));
}

export class FakeRegistry {
  readonly requests: RecordedRequest[] = [];
  readonly #manifests = new Map<string, StoredManifest>();
  readonly #blobs = new Map<string, Buffer>();
  readonly #interceptors: Interceptor[] = [];
  #server: Server | undefined;
  /** `{username, password}` to demand HTTP Basic auth. */
  basicAuth: { username: string; password: string } | undefined;
  host = "";

  /** Stores a manifest under its digest and, when given, a tag. */
  putManifest(repository: string, bytes: Buffer, mediaType: string, tag?: string): string {
    const digest = sha256(bytes);
    this.#manifests.set(`${repository}@${digest}`, { bytes, mediaType });
    if (tag !== undefined) this.#manifests.set(`${repository}:${tag}`, { bytes, mediaType });
    return digest;
  }

  putBlob(bytes: Buffer): string {
    const digest = sha256(bytes);
    this.#blobs.set(digest, bytes);
    return digest;
  }

  blob(digest: string): Buffer | undefined {
    return this.#blobs.get(digest);
  }

  intercept(fn: Interceptor): void {
    this.#interceptors.push(fn);
  }

  clearInterceptors(): void {
    this.#interceptors.length = 0;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      this.#handle(req, res).catch(() => {
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    this.host = `127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://x");
    const record: RecordedRequest = { method: req.method ?? "GET", path: url.pathname };
    if (req.headers.authorization) record.authorization = req.headers.authorization;
    if (req.headers.range) record.range = req.headers.range;
    if (req.headers.accept) record.accept = req.headers.accept;
    this.requests.push(record);
    for (const fn of this.#interceptors) if (await fn(req, res, this)) return;
    if (this.basicAuth) {
      const want = `Basic ${Buffer.from(`${this.basicAuth.username}:${this.basicAuth.password}`).toString("base64")}`;
      if (req.headers.authorization !== want) {
        res.setHeader("www-authenticate", 'Basic realm="fake"');
        sendError(res, 401, "UNAUTHORIZED", "authentication required");
        return;
      }
    }
    if (url.pathname === "/v2/" || url.pathname === "/v2") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
      return;
    }
    const manifest = /^\/v2\/(.+)\/manifests\/([^/]+)$/.exec(url.pathname);
    if (manifest) {
      const [, repository, reference] = manifest as unknown as [string, string, string];
      const key = reference.includes(":") ? `${repository}@${reference}` : `${repository}:${reference}`;
      const stored = this.#manifests.get(key);
      if (!stored) return sendError(res, 404, "MANIFEST_UNKNOWN", "manifest unknown");
      res.writeHead(200, {
        "content-type": stored.mediaType,
        "content-length": stored.bytes.length,
        "docker-content-digest": sha256(stored.bytes),
      });
      res.end(req.method === "HEAD" ? undefined : stored.bytes);
      return;
    }
    const blob = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(url.pathname);
    if (blob) {
      const bytes = this.#blobs.get(blob[2] as string);
      if (!bytes) return sendError(res, 404, "BLOB_UNKNOWN", "blob unknown to registry");
      serveBytes(req, res, bytes);
      return;
    }
    sendError(res, 404, "NOT_FOUND", "no route");
  }
}

/** Serves bytes with `Range: bytes=N-` support (206 + Content-Range), as registries do. */
export function serveBytes(req: IncomingMessage, res: ServerResponse, bytes: Buffer): void {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? "");
  if (range) {
    const start = Number(range[1]);
    const part = bytes.subarray(start);
    res.writeHead(206, {
      "content-type": "application/octet-stream",
      "content-length": part.length,
      "content-range": `bytes ${start}-${bytes.length - 1}/${bytes.length}`,
    });
    res.end(part);
    return;
  }
  res.writeHead(200, { "content-type": "application/octet-stream", "content-length": bytes.length });
  res.end(bytes);
}

/** A second origin for redirect tests: serves blobs it is given, records what it was sent. */
export class FakeStorage {
  readonly requests: RecordedRequest[] = [];
  readonly #objects = new Map<string, Buffer>();
  #server: Server | undefined;
  host = "";

  put(path: string, bytes: Buffer): void {
    this.#objects.set(path, bytes);
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const record: RecordedRequest = { method: req.method ?? "GET", path };
      if (req.headers.authorization) record.authorization = req.headers.authorization;
      if (req.headers.range) record.range = req.headers.range;
      this.requests.push(record);
      const bytes = this.#objects.get(path);
      if (!bytes) {
        res.writeHead(404);
        res.end();
        return;
      }
      serveBytes(req, res, bytes);
    });
    // `localhost`, not 127.0.0.1: another origin than the registry even on the same machine.
    await new Promise<void>((resolve) => this.#server?.listen(0, "127.0.0.1", resolve));
    this.host = `localhost:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.#server?.closeAllConnections();
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }
}
