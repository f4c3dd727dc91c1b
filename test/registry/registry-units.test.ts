import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { readRegistryOptions } from "../../src/cli/registry-options.js";
import { DownloadLimiter } from "../../src/image/registry/download-limiter.js";
import { registryEndpoints } from "../../src/image/registry/open-registry-image.js";
import { RegistryHttp } from "../../src/image/registry/registry-http.js";
import { defaultRetryPolicy } from "../../src/image/registry/registry-options.js";
import {
  formatRegistryReference,
  isLoopbackHost,
  parseRegistryReference,
  registryApiHost,
} from "../../src/image/registry/registry-reference.js";
import { backoffDelay, isRetryableError, parseRetryAfter } from "../../src/image/registry/retry-policy.js";
import { parseWwwAuthenticate } from "../../src/image/registry/www-authenticate.js";
import { DrydockError } from "../../src/model/index.js";

const digest = `sha256:${"a".repeat(64)}`;

describe("registry references", () => {
  const cases: [string, string, string, string][] = [
    ["alpine", "docker.io", "library/alpine", "docker.io/library/alpine:latest"],
    ["alpine:3.19", "docker.io", "library/alpine", "docker.io/library/alpine:3.19"],
    ["library/alpine", "docker.io", "library/alpine", "docker.io/library/alpine:latest"],
    ["bitnami/redis:7", "docker.io", "bitnami/redis", "docker.io/bitnami/redis:7"],
    ["docker.io/alpine", "docker.io", "library/alpine", "docker.io/library/alpine:latest"],
    ["index.docker.io/library/alpine:3", "docker.io", "library/alpine", "docker.io/library/alpine:3"],
    ["registry-1.docker.io/team/app", "docker.io", "team/app", "docker.io/team/app:latest"],
    ["ghcr.io/owner/img:v1", "ghcr.io", "owner/img", "ghcr.io/owner/img:v1"],
    ["localhost:5000/x", "localhost:5000", "x", "localhost:5000/x:latest"],
    ["localhost/x:1", "localhost", "x", "localhost/x:1"],
    ["127.0.0.1:5000/team/app:1.4", "127.0.0.1:5000", "team/app", "127.0.0.1:5000/team/app:1.4"],
    [`quay.io/a/b@${digest}`, "quay.io", "a/b", `quay.io/a/b@${digest}`],
    [`alpine:3.19@${digest}`, "docker.io", "library/alpine", `docker.io/library/alpine:3.19@${digest}`],
  ];
  for (const [input, registry, repository, canonical] of cases) {
    it(`normalises ${input}`, () => {
      const ref = parseRegistryReference(input);
      assert.equal(ref.registry, registry);
      assert.equal(ref.repository, repository);
      assert.equal(formatRegistryReference(ref), canonical);
    });
  }

  it("uses registry-1.docker.io as Docker Hub's API host", () => {
    assert.equal(registryApiHost("docker.io"), "registry-1.docker.io");
    assert.equal(registryApiHost("ghcr.io"), "ghcr.io");
  });

  it("refuses what is not a reference, naming the target", () => {
    assert.throws(
      () => parseRegistryReference("Not A Ref!", "registry:Not A Ref!"),
      (e: unknown) =>
        e instanceof DrydockError &&
        e.code === "DRYDOCK_USAGE" &&
        e.message.startsWith("registry:Not A Ref!:"),
    );
    assert.throws(
      () => parseRegistryReference(`alpine@md5:${"a".repeat(32)}`),
      (e: unknown) => e instanceof DrydockError && e.code === "DRYDOCK_DIGEST_INVALID",
    );
  });

  it("knows loopback hosts", () => {
    for (const h of ["localhost", "localhost:5000", "127.0.0.1:5000", "127.3.2.1", "[::1]:5000"])
      assert.ok(isLoopbackHost(h), h);
    for (const h of ["ghcr.io", "10.0.0.1:5000", "localhost.example.com"]) assert.ok(!isLoopbackHost(h), h);
  });
});

describe("registry endpoints and mirrors", () => {
  it("tries Docker Hub mirrors first, then Docker Hub", () => {
    const ref = parseRegistryReference("alpine");
    const endpoints = registryEndpoints(ref, [
      "https://mirror.example.com",
      "mirror2.example.com:5000",
      "http://10.0.0.5:5000",
    ]);
    assert.deepEqual(
      endpoints.map((e) => [e.host, e.base?.origin, e.primary]),
      [
        ["mirror.example.com", "https://mirror.example.com", false],
        ["mirror2.example.com:5000", "https://mirror2.example.com:5000", false],
        ["10.0.0.5:5000", "http://10.0.0.5:5000", false],
        ["registry-1.docker.io", undefined, true],
      ],
    );
  });

  it("never sends other registries' references to a mirror", () => {
    const endpoints = registryEndpoints(parseRegistryReference("ghcr.io/a/b"), [
      "https://mirror.example.com",
    ]);
    assert.deepEqual(
      endpoints.map((e) => e.host),
      ["ghcr.io"],
    );
  });

  it("refuses a mirror that is not an http(s) URL", () => {
    assert.throws(
      () => registryEndpoints(parseRegistryReference("alpine"), ["ftp://mirror"]),
      (e: unknown) => e instanceof DrydockError && e.code === "DRYDOCK_CONFIG_INVALID",
    );
  });
});

describe("registry TLS options", () => {
  it("refuses a --ca-cert file that is missing or holds no certificate (exit 2)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "drydock-ca-"));
    const notPem = join(dir, "not-a-cert.pem");
    writeFileSync(notPem, "just text\n");
    for (const file of ["/nonexistent/ca.pem", notPem]) {
      const http = new RegistryHttp({ caCertFiles: [file] });
      await assert.rejects(
        http.send(new URL("https://127.0.0.1:9/v2/")),
        (e: unknown) =>
          e instanceof DrydockError &&
          e.code === "DRYDOCK_CONFIG_INVALID" &&
          e.exitCode === 2 &&
          e.message.includes(file),
      );
      await http.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it("--insecure-registry matches the host with or without its port, and only it", () => {
    const http = new RegistryHttp({ insecureRegistries: ["reg.example.com", "10.0.0.5:5000"] });
    assert.ok(http.isInsecure("reg.example.com:443"));
    assert.ok(http.isInsecure("10.0.0.5:5000"));
    assert.ok(!http.isInsecure("10.0.0.5:5001"));
    assert.ok(!http.isInsecure("other.example.com"));
    assert.ok(http.allowsPlainHttp("127.0.0.1:5000"), "loopback may be plain HTTP");
    assert.ok(!http.allowsPlainHttp("ghcr.io"));
  });
});

describe("WWW-Authenticate", () => {
  it("parses a bearer challenge with quoted parameters", () => {
    const [c] = parseWwwAuthenticate(
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull",error="insufficient_scope"',
    );
    assert.deepEqual(c, {
      scheme: "bearer",
      params: {
        realm: "https://auth.docker.io/token",
        service: "registry.docker.io",
        scope: "repository:library/alpine:pull",
        error: "insufficient_scope",
      },
    });
  });

  it("parses several challenges, unquoted values, escapes and odd spacing", () => {
    const challenges = parseWwwAuthenticate([
      'Basic realm="drydock \\"test\\"" , Bearer realm=https://t.example/token, service = reg',
      "Negotiate",
    ]);
    assert.deepEqual(challenges, [
      { scheme: "basic", params: { realm: 'drydock "test"' } },
      { scheme: "bearer", params: { realm: "https://t.example/token", service: "reg" } },
      { scheme: "negotiate", params: {} },
    ]);
  });

  it("never throws on garbage", () => {
    for (const text of ['=x, "unterminated', ",,,", "Bearer realm=", '\u0000\u00ff"', ""]) {
      assert.doesNotThrow(() => parseWwwAuthenticate(text));
    }
    assert.deepEqual(parseWwwAuthenticate(undefined), []);
  });
});

describe("retry policy", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    assert.equal(parseRetryAfter("3"), 3000);
    const now = Date.parse("2025-01-01T00:00:00Z");
    assert.equal(parseRetryAfter("Wed, 01 Jan 2025 00:00:10 GMT", now), 10_000);
    assert.equal(parseRetryAfter("Wed, 01 Jan 2024 00:00:10 GMT", now), 0);
    assert.equal(parseRetryAfter("soon"), undefined);
    assert.equal(parseRetryAfter(undefined), undefined);
  });

  it("backs off exponentially with jitter, capped", () => {
    const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };
    assert.equal(
      backoffDelay(1, policy, () => 0),
      50,
    );
    assert.equal(
      backoffDelay(1, policy, () => 1),
      100,
    );
    assert.equal(
      backoffDelay(3, policy, () => 1),
      400,
    );
    assert.equal(
      backoffDelay(10, policy, () => 1),
      1000,
    );
  });

  it("retries connection resets, not DNS failures", () => {
    assert.ok(isRetryableError(Object.assign(new Error("x"), { code: "ECONNRESET" })));
    assert.ok(
      isRetryableError(new Error("x", { cause: Object.assign(new Error("y"), { code: "UND_ERR_SOCKET" }) })),
    );
    assert.ok(!isRetryableError(Object.assign(new Error("x"), { code: "ENOTFOUND" })));
  });
});

describe("download limiter", () => {
  it("lets at most N run and hands slots over in order", async () => {
    const limiter = new DownloadLimiter(2);
    const a = await limiter.acquire();
    const b = await limiter.acquire();
    const order: string[] = [];
    const c = limiter.acquire().then((release) => {
      order.push("c");
      return release;
    });
    const d = limiter.acquire().then((release) => {
      order.push("d");
      return release;
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(order, []);
    assert.equal(limiter.running, 2);
    a();
    a(); // a second release is a no-op
    (await c)();
    b();
    (await d)();
    assert.deepEqual(order, ["c", "d"]);
    assert.equal(limiter.running, 0);
  });
});

describe("registry CLI options", () => {
  it("reads the password from stdin, dropping one newline", async () => {
    const options = await readRegistryOptions(
      {
        username: "alice",
        passwordStdin: true,
        caCert: ["/ca.pem"],
        insecureRegistry: ["r:5000"],
        registryMirror: ["https://m"],
      },
      Readable.from([Buffer.from("pa ss\n")]),
    );
    assert.deepEqual(options, {
      login: { username: "alice", password: "pa ss" },
      caCertFiles: ["/ca.pem"],
      insecureRegistries: ["r:5000"],
      mirrors: ["https://m"],
    });
  });

  it("refuses half a login and an empty password", async () => {
    await assert.rejects(readRegistryOptions({ username: "alice" }, Readable.from([])), /--password-stdin/);
    await assert.rejects(readRegistryOptions({ passwordStdin: true }, Readable.from([])), /needs --username/);
    await assert.rejects(
      readRegistryOptions({ username: "a", passwordStdin: true }, Readable.from(["\n"])),
      /no password/,
    );
    assert.equal(await readRegistryOptions({}, Readable.from([])), undefined);
  });
});
