/**
 * The registry client against an in-process fake registry, for the behaviour a real one
 * will not show on demand: retries, Retry-After, a blob cut mid-stream and resumed with a
 * Range, redirects to another origin without the Authorization header, a lying
 * Docker-Content-Digest, schema 1, parallel download limits, mirrors.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { after, before, beforeEach, describe, it } from "node:test";
import type { ImageSource } from "../../src/image/image-source.js";
import { openRegistryImage, type RegistryOptions } from "../../src/image/registry/index.js";
import { DrydockError } from "../../src/model/index.js";
import { type BuiltImage, buildImage, type ImageSpec } from "../helpers/make-image.js";
import { FakeRegistry, FakeStorage, sha256 } from "./helpers/fake-registry.js";
import { freePort } from "./helpers/registry-server.js";

const ociManifest = "application/vnd.oci.image.manifest.v1+json";
const ociIndex = "application/vnd.oci.image.index.v1+json";

let home: string;
let fake: FakeRegistry;
let image: BuiltImage;

function options(extra: RegistryOptions = {}): RegistryOptions {
  return {
    env: { HOME: home, PATH: process.env.PATH ?? "/usr/bin:/bin" },
    retry: { attempts: 3, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 5000 },
    ...extra,
  };
}

async function serve(
  registry: FakeRegistry,
  repository: string,
  tag: string,
  spec: ImageSpec,
): Promise<BuiltImage> {
  const built = await buildImage(spec);
  for (const l of built.layers) registry.putBlob(l.blob);
  registry.putBlob(built.configBytes);
  registry.putManifest(repository, built.manifestBytes, ociManifest, tag);
  return built;
}

function bigLayer(name: string, bytes = 256 * 1024) {
  // Random bytes do not compress: the gzip blob stays large enough to be cut mid-stream.
  return { entries: [{ path: `data/${name}`, content: randomBytes(bytes) }] };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function readEveryLayer(source: ImageSource): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const layer of source.layers) out.push(await readAll(await source.openLayer(layer)));
  return out;
}

async function expectError(promise: Promise<unknown>, code: string, pattern: RegExp): Promise<DrydockError> {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof DrydockError, `expected a DrydockError, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, pattern);
  assert.ok(!caught.message.includes("\n"), "one line");
  return caught;
}

function layerPath(digest: string): string {
  return `/v2/team/app/blobs/${digest}`;
}

before(async () => {
  home = await mkdtemp(join(tmpdir(), "drydock-registry-client-"));
  fake = await new FakeRegistry().start();
  image = await serve(fake, "team/app", "1.0", {
    layers: [bigLayer("one"), { entries: [{ path: "etc/hello", content: "hello\n" }] }],
  });
});

after(async () => {
  await fake.stop();
  await rm(home, { recursive: true, force: true });
});

beforeEach(() => {
  fake.requests.length = 0;
  fake.clearInterceptors();
  fake.basicAuth = undefined;
});

describe("registry client: manifests", () => {
  it("opens by tag: manifest and config only, layers when asked", async () => {
    const source = await openRegistryImage(
      `registry:${fake.host}/team/app:1.0`,
      `${fake.host}/team/app:1.0`,
      {
        registry: options(),
      },
    );
    try {
      assert.equal(source.target.ref, `${fake.host}/team/app:1.0`);
      assert.equal(source.target.digest, image.manifestDigest);
      assert.equal(source.configDigest, image.configDigest);
      assert.equal(source.target.platform, "linux/amd64");
      assert.deepEqual(
        source.layers.map((l) => l.diffId),
        image.layers.map((l) => l.diffId),
      );
      const layerRequests = () =>
        fake.requests.filter((r) => image.layers.some((l) => r.path === layerPath(l.digest)));
      assert.equal(layerRequests().length, 0, "no layer is fetched on open");
      const manifestRequest = fake.requests.find((r) => r.path.includes("/manifests/"));
      for (const type of [
        ociIndex,
        ociManifest,
        "application/vnd.docker.distribution.manifest.list.v2+json",
      ]) {
        assert.ok(manifestRequest?.accept?.includes(type), `Accept names ${type}`);
      }
      const tars = await readEveryLayer(source);
      assert.deepEqual(
        tars,
        image.layers.map((l) => l.tar),
      );
      assert.equal(
        source.bytesRead(),
        image.layers.reduce((n, l) => n + l.size, 0),
      );
      assert.equal(layerRequests().length, 2);
    } finally {
      await source.close();
    }
  });

  it("opens by digest and checks the content against it", async () => {
    const ref = `${fake.host}/team/app@${image.manifestDigest}`;
    const source = await openRegistryImage(ref, ref, { registry: options() });
    assert.equal(source.target.digest, image.manifestDigest);
    await source.close();
    // The registry serves other bytes under that digest: refused.
    const other = Buffer.from(
      image.manifestBytes.toString().replace('"schemaVersion":2', '"schemaVersion":2 '),
    );
    fake.intercept((req, res) => {
      if (!req.url?.includes(`/manifests/${image.manifestDigest}`)) return false;
      res.writeHead(200, { "content-type": ociManifest });
      res.end(other);
      return true;
    });
    await expectError(
      openRegistryImage(ref, ref, { registry: options() }),
      "DRYDOCK_DIGEST_MISMATCH",
      /digest mismatch: expected sha256:/,
    );
  });

  it("refuses a manifest whose Docker-Content-Digest is not its digest", async () => {
    fake.intercept((req, res) => {
      if (!req.url?.endsWith("/manifests/1.0")) return false;
      res.writeHead(200, {
        "content-type": ociManifest,
        "docker-content-digest": sha256(Buffer.from("other")),
      });
      res.end(image.manifestBytes);
      return true;
    });
    const ref = `${fake.host}/team/app:1.0`;
    await expectError(
      openRegistryImage(ref, ref, { registry: options() }),
      "DRYDOCK_DIGEST_MISMATCH",
      /Docker-Content-Digest/,
    );
  });

  it("refuses schema 1 and non-image artifacts by name", async () => {
    const schema1 = Buffer.from(
      JSON.stringify({ schemaVersion: 1, name: "team/old", tag: "1", fsLayers: [], history: [] }),
    );
    fake.putManifest("team/old", schema1, "application/vnd.docker.distribution.manifest.v1+prettyjws", "1");
    await expectError(
      openRegistryImage("registry:old", `${fake.host}/team/old:1`, { registry: options() }),
      "DRYDOCK_MEDIA_TYPE_UNSUPPORTED",
      /^registry:old: .*Docker schema 1 manifest/,
    );
    const config = Buffer.from("{}");
    fake.putBlob(config);
    const artifact = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: ociManifest,
        config: {
          mediaType: "application/vnd.cncf.helm.config.v1+json",
          digest: sha256(config),
          size: config.length,
        },
        layers: [],
      }),
    );
    fake.putManifest("team/chart", artifact, ociManifest, "1");
    await expectError(
      openRegistryImage("chart", `${fake.host}/team/chart:1`, { registry: options() }),
      "DRYDOCK_MEDIA_TYPE_UNSUPPORTED",
      /not a container image/,
    );
  });

  it("chooses the --platform image from an index", async () => {
    const amd = await serve(fake, "team/multi", "amd64", {
      layers: [{ entries: [{ path: "amd", content: "a" }] }],
    });
    const arm = await serve(fake, "team/multi", "arm64", {
      platform: { os: "linux", architecture: "arm64", variant: "v8" },
      layers: [{ entries: [{ path: "arm", content: "b" }] }],
    });
    const index = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: ociIndex,
        manifests: [amd, arm].map((b) => ({
          mediaType: ociManifest,
          digest: b.manifestDigest,
          size: b.manifestBytes.length,
          platform: b.platform,
        })),
      }),
    );
    const indexDigest = fake.putManifest("team/multi", index, ociIndex, "latest");
    const ref = `${fake.host}/team/multi:latest`;
    const events: [string, Record<string, unknown>][] = [];
    const source = await openRegistryImage(ref, ref, {
      platform: "linux/arm64",
      registry: options(),
      onEvent: (e, f) => events.push([e, f]),
    });
    assert.equal(source.target.digest, arm.manifestDigest);
    assert.equal(source.target.platform, "linux/arm64/v8");
    assert.deepEqual(await readEveryLayer(source), [arm.layers[0]?.tar]);
    await source.close();
    assert.ok(events.some(([e, f]) => e === "registry manifest" && f.index === indexDigest));
    await expectError(
      openRegistryImage(ref, ref, { platform: "linux/s390x", registry: options() }),
      "DRYDOCK_PLATFORM_NOT_FOUND",
      /available: linux\/amd64, linux\/arm64\/v8/,
    );
  });

  it("names an unknown tag", async () => {
    await expectError(
      openRegistryImage("registry:nope", `${fake.host}/team/app:nope`, { registry: options() }),
      "DRYDOCK_REGISTRY",
      /^registry:nope: not found: .*team\/app has no tag "nope"/,
    );
  });
});

describe("registry client: transfers", () => {
  it("retries 429 and 503, honouring Retry-After", async () => {
    let manifestCalls = 0;
    let configCalls = 0;
    fake.intercept((req, res) => {
      if (req.url?.endsWith("/manifests/1.0") && manifestCalls++ === 0) {
        res.writeHead(429, { "retry-after": "1", "content-type": "application/json" });
        res.end(JSON.stringify({ errors: [{ code: "TOOMANYREQUESTS", message: "slow down" }] }));
        return true;
      }
      if (req.url?.includes(image.configDigest) && configCalls++ < 2) {
        res.writeHead(503);
        res.end();
        return true;
      }
      return false;
    });
    const started = Date.now();
    const events: string[] = [];
    const source = await openRegistryImage("r", `${fake.host}/team/app:1.0`, {
      registry: options(),
      onEvent: (e) => events.push(e),
    });
    await source.close();
    assert.ok(Date.now() - started >= 950, "waited as Retry-After asked");
    assert.equal(manifestCalls, 2);
    assert.equal(configCalls, 3);
    assert.equal(events.filter((e) => e === "registry retry").length, 3);
  });

  it("gives up on rate limiting after the retries, and at once on a Retry-After too long", async () => {
    let calls = 0;
    fake.intercept((req, res) => {
      if (!req.url?.includes("/manifests/")) return false;
      calls++;
      res.writeHead(429, {
        "content-type": "application/json",
        ...(req.url.includes("long") ? { "retry-after": "3600" } : {}),
      });
      res.end(JSON.stringify({ errors: [{ code: "TOOMANYREQUESTS", message: "pull rate limit" }] }));
      return true;
    });
    await expectError(
      openRegistryImage("r", `${fake.host}/team/app:1.0`, { registry: options() }),
      "DRYDOCK_REGISTRY",
      /rate limited by .* after retries/,
    );
    assert.equal(calls, 3);
    calls = 0;
    const started = Date.now();
    await expectError(
      openRegistryImage("r", `${fake.host}/team/app:long`, { registry: options() }),
      "DRYDOCK_REGISTRY",
      /rate limited/,
    );
    assert.equal(calls, 1);
    assert.ok(Date.now() - started < 3000);
  });

  it("resumes a blob cut mid-stream with a Range request", async () => {
    const big = image.layers[0];
    assert.ok(big);
    let cuts = 0;
    fake.intercept((req, res) => {
      if (req.url !== layerPath(big.digest) || req.headers.range !== undefined || cuts++ > 0) return false;
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": big.blob.length });
      res.write(big.blob.subarray(0, 100_000), () => setTimeout(() => res.socket?.destroy(), 20));
      return true;
    });
    const events: [string, Record<string, unknown>][] = [];
    const source = await openRegistryImage("r", `${fake.host}/team/app:1.0`, {
      registry: options(),
      onEvent: (e, f) => events.push([e, f]),
    });
    const tar = await readAll(await source.openLayer(source.layers[0] as never));
    await source.close();
    assert.deepEqual(tar, big.tar);
    const ranged = fake.requests.filter((r) => r.path === layerPath(big.digest) && r.range);
    assert.equal(ranged.length, 1);
    const resumedAt = Number(/bytes=(\d+)-/.exec(ranged[0]?.range ?? "")?.[1]);
    assert.ok(resumedAt > 0 && resumedAt <= 100_000, `resumed at ${resumedAt}`);
    assert.ok(events.some(([e]) => e === "registry blob-resume"));
    assert.equal(source.bytesRead(), big.blob.length, "every byte counted once");
  });

  it("re-reads from the start when a server ignores the Range", async () => {
    const big = image.layers[0];
    assert.ok(big);
    let calls = 0;
    fake.intercept((req, res) => {
      if (req.url !== layerPath(big.digest)) return false;
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": big.blob.length });
      if (calls++ === 0) {
        res.write(big.blob.subarray(0, 50_000), () => setTimeout(() => res.socket?.destroy(), 20));
      } else {
        res.end(big.blob);
      }
      return true;
    });
    const source = await openRegistryImage("r", `${fake.host}/team/app:1.0`, { registry: options() });
    const tar = await readAll(await source.openLayer(source.layers[0] as never));
    await source.close();
    assert.deepEqual(tar, big.tar);
    assert.equal(calls, 2);
  });

  it("fails with the cause once resumes run out", async () => {
    const big = image.layers[0];
    assert.ok(big);
    fake.intercept((req, res: ServerResponse) => {
      if (req.url !== layerPath(big.digest)) return false;
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": big.blob.length });
      res.write(big.blob.subarray(0, 1000), () => setTimeout(() => res.socket?.destroy(), 10));
      return true;
    });
    const source = await openRegistryImage("registry:cut", `${fake.host}/team/app:1.0`, {
      registry: options(),
    });
    try {
      await expectError(
        readAll(await source.openLayer(source.layers[0] as never)),
        "DRYDOCK_REGISTRY",
        /^registry:cut: download of layer 1 blob .* failed: connection reset \(resumed 2 times\)/,
      );
    } finally {
      await source.close();
    }
  });

  it("follows redirects to storage without sending the Authorization header there", async () => {
    const storage = await new FakeStorage().start();
    try {
      fake.basicAuth = { username: "alice", password: "wonder-land-secret" };
      for (const l of image.layers) storage.put(`/objects/${l.digest}`, l.blob);
      fake.intercept((req, res) => {
        const m = /\/blobs\/(sha256:[0-9a-f]+)$/.exec(req.url ?? "");
        if (!m || !image.layers.some((l) => l.digest === m[1]) || !req.headers.authorization) return false;
        res.writeHead(307, { location: `http://${storage.host}/objects/${m[1]}?sig=abc` });
        res.end();
        return true;
      });
      const source = await openRegistryImage("r", `${fake.host}/team/app:1.0`, {
        registry: options({ login: { username: "alice", password: "wonder-land-secret" } }),
      });
      assert.deepEqual(
        await readEveryLayer(source),
        image.layers.map((l) => l.tar),
      );
      await source.close();
      assert.equal(storage.requests.length, 2);
      assert.ok(
        storage.requests.every((r) => r.authorization === undefined),
        "no Authorization reached the storage host",
      );
      assert.ok(
        fake.requests
          .filter((r) => r.path.includes("/blobs/"))
          .every((r) => r.authorization?.startsWith("Basic ")),
      );
    } finally {
      await storage.stop();
    }
  });

  it("runs at most maxConcurrentDownloads blob downloads at once", async () => {
    const many = await serve(fake, "team/many", "1", {
      layers: Array.from({ length: 5 }, (_, i) => ({ entries: [{ path: `f${i}`, content: `layer ${i}` }] })),
    });
    let running = 0;
    let peak = 0;
    fake.intercept((req, res, registry) => {
      const m = /\/blobs\/(sha256:[0-9a-f]+)$/.exec(req.url ?? "");
      if (!m || !many.layers.some((l) => l.digest === m[1])) return false;
      running++;
      peak = Math.max(peak, running);
      setTimeout(() => {
        const bytes = registry.blob(m[1] as string) as Buffer;
        res.writeHead(200, { "content-length": bytes.length });
        res.end(bytes, () => {
          running--;
        });
      }, 150);
      return true;
    });
    const source = await openRegistryImage("r", `${fake.host}/team/many:1`, {
      registry: options({ maxConcurrentDownloads: 2 }),
    });
    const tars = await Promise.all(source.layers.map(async (l) => readAll(await source.openLayer(l))));
    await source.close();
    assert.deepEqual(
      tars,
      many.layers.map((l) => l.tar),
    );
    assert.equal(peak, 2);
  });
});

describe("registry client: closing", () => {
  it("close() ends a download nobody reads instead of waiting for it", async () => {
    const large = await serve(fake, "team/large", "1", { layers: [bigLayer("large", 4 * 1024 * 1024)] });
    const source = await openRegistryImage("r", `${fake.host}/team/large:1`, { registry: options() });
    const stream = await source.openLayer(source.layers[0] as never);
    const errors: unknown[] = [];
    stream.on("error", (e) => errors.push(e));
    const started = Date.now();
    await source.close();
    assert.ok(Date.now() - started < 3000, "close() returned promptly");
    assert.ok(source.bytesRead() < (large.layers[0]?.size ?? 0));
    await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(errors, [], "no error surfaces after close");
  });
});

describe("registry client: auth and reachability", () => {
  it("asks for credentials only when the registry does, and never shows them", async () => {
    fake.basicAuth = { username: "alice", password: "right-secret-value" };
    const ref = `${fake.host}/team/app:1.0`;
    const error = await expectError(
      openRegistryImage("registry:x", ref, {
        registry: options({ login: { username: "alice", password: "wrong-secret-value" } }),
      }),
      "DRYDOCK_REGISTRY_AUTH",
      /^registry:x: authentication failed: .* refused the credentials from --username\/--password-stdin$/,
    );
    assert.ok(!error.message.includes("secret-value"));
    await expectError(
      openRegistryImage("registry:x", ref, { registry: options() }),
      "DRYDOCK_REGISTRY_AUTH",
      /authentication required: .*no credentials were found \(looked in: DRYDOCK_REGISTRY_USERNAME\/DRYDOCK_REGISTRY_PASSWORD; .*config\.json \(absent\)\)/,
    );
    const source = await openRegistryImage("registry:x", ref, {
      registry: options({ login: { username: "alice", password: "right-secret-value" } }),
    });
    await source.close();
  });

  it("says which registry is unreachable, after retries", async () => {
    const port = await freePort();
    const started = Date.now();
    await expectError(
      openRegistryImage("registry:down", `127.0.0.1:${port}/x:1`, { registry: options() }),
      "DRYDOCK_REGISTRY",
      new RegExp(
        `^registry:down: registry 127\\.0\\.0\\.1:${port} is unreachable: connection refused \\(3 tries\\)$`,
      ),
    );
    assert.ok(Date.now() - started < 5000);
  });

  it("falls back from a failing Docker Hub mirror to the next", async () => {
    const down = await freePort();
    await serve(fake, "library/hello", "1", { layers: [{ entries: [{ path: "hi", content: "hi" }] }] });
    const events: [string, Record<string, unknown>][] = [];
    const source = await openRegistryImage("hello:1", "hello:1", {
      registry: options({ mirrors: [`http://127.0.0.1:${down}`, `http://${fake.host}`] }),
      onEvent: (e, f) => events.push([e, f]),
    });
    assert.equal(source.target.ref, "docker.io/library/hello:1");
    await readEveryLayer(source);
    await source.close();
    assert.ok(events.some(([e, f]) => e === "registry mirror-failed" && f.mirror === `127.0.0.1:${down}`));
    assert.ok(fake.requests.some((r) => r.path === "/v2/library/hello/manifests/1"));
  });
});
