/**
 * Authentication against Debian's docker-registry: htpasswd basic auth over TLS with a
 * self-signed CA (`--ca-cert`), and the bearer token flow against a token service written
 * here (distribution token spec; the registry runs with `auth: token`). Credentials from
 * `--username`/`--password-stdin`, the environment and the Docker config; wrong passwords
 * and missing CAs give exit 3 and one line; no secret is ever printed, even with --debug.
 */
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { openRegistryImage, type RegistryOptions } from "../../src/image/registry/index.js";
import { DrydockError } from "../../src/model/index.js";
import {
  makeSelfSignedCert,
  pushImage,
  type RegistryServer,
  registryToolsMissing,
  sharedImages,
  sharedImagesMissing,
  startRegistry,
} from "./helpers/registry-server.js";
import { escapeRegExp, failureLine, runCli } from "./helpers/run-cli.js";
import { TokenService } from "./helpers/token-service.js";

const skip = registryToolsMissing() ?? sharedImagesMissing();
const user = "tester";
const password = "Barnacle-Pa55-do-not-print";
const wrongPassword = "Wrong-Pa55-do-not-print-either";
const alpine = () => `oci:${sharedImages}/alpine-synthetic.oci:latest`;

let work: string;

async function drain(stream: Readable): Promise<void> {
  for await (const _ of stream) {
    // digests are checked as it flows
  }
}

async function dockerConfig(name: string, host: string, secret: string): Promise<string> {
  const dir = join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, "config.json"),
    JSON.stringify({ auths: { [host]: { auth: Buffer.from(`${user}:${secret}`).toString("base64") } } }),
  );
  return dir;
}

function isolated(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    HOME: work,
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    DOCKER_CONFIG: join(work, "none"),
    ...extra,
  };
}

function assertNoSecret(...texts: string[]): void {
  for (const text of texts) {
    for (const secret of [password, wrongPassword, Buffer.from(`${user}:${password}`).toString("base64")]) {
      assert.ok(!text.includes(secret), "a secret was printed");
    }
  }
}

before(async () => {
  if (!skip) work = await mkdtemp(join(tmpdir(), "drydock-registry-auth-"));
});

after(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe("htpasswd basic auth over TLS with a self-signed CA", { skip }, () => {
  let registry: RegistryServer;
  let target: string;

  before(async () => {
    registry = await startRegistry({ tls: true, htpasswd: { username: user, password } });
    await pushImage(registry, alpine(), "team/alpine:1.0", { creds: `${user}:${password}` });
    target = `registry:${registry.host}/team/alpine:1.0`;
  });

  after(async () => {
    await registry?.stop();
  });

  it("scans with --ca-cert, --username and --password-stdin", async () => {
    const result = await runCli(
      [
        "--debug",
        "sbom",
        target,
        "--format",
        "json",
        "--ca-cert",
        registry.caFile as string,
        "--username",
        user,
        "--password-stdin",
      ],
      { input: `${password}\n`, env: { ...isolated(), DRYDOCK_CACHE_DIR: join(work, "cache-basic") } },
    );
    assert.equal(result.code, 0, result.stderr);
    const sbom = JSON.parse(result.stdout) as { packages: unknown[]; target: { ref: string } };
    assert.equal(sbom.packages.length, 15);
    assert.equal(sbom.target.ref, `${registry.host}/team/alpine:1.0`);
    assertNoSecret(result.stdout, result.stderr);
  });

  it("takes credentials from DRYDOCK_REGISTRY_* and from the Docker config", async () => {
    const ca = { caCertFiles: [registry.caFile as string] };
    for (const env of [
      isolated({ DRYDOCK_REGISTRY_USERNAME: user, DRYDOCK_REGISTRY_PASSWORD: password }),
      isolated({ DOCKER_CONFIG: await dockerConfig("basic-config", registry.host, password) }),
    ]) {
      const source = await openRegistryImage(target, `${registry.host}/team/alpine:1.0`, {
        registry: { ...ca, env },
      });
      await drain(await source.openLayer(source.layers[0] as never));
      await source.close();
    }
  });

  it("without the CA: exit 3, a TLS failure naming the host", async () => {
    const result = await runCli(["sbom", target, "--username", user, "--password-stdin"], {
      input: password,
      env: { ...isolated(), DRYDOCK_CACHE_DIR: join(work, "cache-x") },
    });
    assert.equal(result.code, 3);
    assert.match(
      failureLine(result),
      new RegExp(
        `^drydock: ${escapeRegExp(target)}: cannot reach ${escapeRegExp(registry.host)}: TLS failure: .*self-signed`,
      ),
    );
    assertNoSecret(result.stdout, result.stderr);
  });

  it("--insecure-registry accepts the unverified certificate for that host only", async () => {
    const env = isolated({ DRYDOCK_REGISTRY_USERNAME: user, DRYDOCK_REGISTRY_PASSWORD: password });
    const source = await openRegistryImage(target, `${registry.host}/team/alpine:1.0`, {
      registry: { env, insecureRegistries: [registry.host] },
    });
    await source.close();
    await assert.rejects(
      openRegistryImage(target, `${registry.host}/team/alpine:1.0`, {
        registry: { env, insecureRegistries: ["127.0.0.1:1"] },
      }),
      /TLS failure/,
    );
  });

  it("wrong password: exit 3, names the credential source, never the secret (even with --debug)", async () => {
    const result = await runCli(
      [
        "--debug",
        "sbom",
        target,
        "--ca-cert",
        registry.caFile as string,
        "--username",
        user,
        "--password-stdin",
      ],
      { input: wrongPassword, env: { ...isolated(), DRYDOCK_CACHE_DIR: join(work, "cache-x") } },
    );
    assert.equal(result.code, 3);
    const line = result.stderr.split("\n").find((l) => l.startsWith("drydock: "));
    assert.equal(
      line,
      `drydock: ${target}: authentication failed: ${registry.host} refused the credentials from --username/--password-stdin`,
    );
    assertNoSecret(result.stdout, result.stderr);
  });

  it("no credentials anywhere: says where it looked", async () => {
    await assert.rejects(
      openRegistryImage(target, `${registry.host}/team/alpine:1.0`, {
        registry: { env: isolated(), caCertFiles: [registry.caFile as string] },
      }),
      (e: unknown) =>
        e instanceof DrydockError &&
        e.code === "DRYDOCK_REGISTRY_AUTH" &&
        /authentication required: .*no credentials were found \(looked in: DRYDOCK_REGISTRY_USERNAME\/DRYDOCK_REGISTRY_PASSWORD; .*\(absent\)\)/.test(
          e.message,
        ),
    );
  });
});

describe("bearer token flow (distribution token spec)", { skip }, () => {
  let registry: RegistryServer;
  let tokens: TokenService;

  before(async () => {
    const { cert, key } = await makeSelfSignedCert(
      join(work, "token"),
      "signer",
      "drydock-test-token-signer",
    );
    tokens = await new TokenService({
      users: { [user]: password },
      issuer: "drydock-test-issuer",
      service: "drydock-test-registry",
    }).start(cert, key);
    registry = await startRegistry({
      token: {
        realm: tokens.realm,
        service: "drydock-test-registry",
        issuer: "drydock-test-issuer",
        rootCertBundle: cert,
      },
    });
    await pushImage(registry, alpine(), "team/alpine:1.0", { creds: `${user}:${password}` });
    await pushImage(registry, alpine(), "public/alpine:1.0", { creds: `${user}:${password}` });
  });

  after(async () => {
    await registry?.stop();
    await tokens?.stop();
  });

  function open(reference: string, options: RegistryOptions) {
    return openRegistryImage(`registry:${reference}`, reference, { registry: options });
  }

  it("asks for an anonymous token first, then one with the Docker config's credentials, and reuses it", async () => {
    tokens.requests.length = 0;
    const env = isolated({ DOCKER_CONFIG: await dockerConfig("token-config", registry.host, password) });
    const source = await open(`${registry.host}/team/alpine:1.0`, { env });
    await drain(await source.openLayer(source.layers[0] as never));
    await source.close();
    assert.deepEqual(
      tokens.requests.map((r) => [r.user ?? "anonymous", r.scopes.join(" "), r.service]),
      [
        ["anonymous", "repository:team/alpine:pull", "drydock-test-registry"],
        [user, "repository:team/alpine:pull", "drydock-test-registry"],
      ],
    );
  });

  it("stays anonymous where anonymous pulls are allowed", async () => {
    tokens.requests.length = 0;
    const source = await open(`${registry.host}/public/alpine:1.0`, { env: isolated() });
    await drain(await source.openLayer(source.layers[0] as never));
    await source.close();
    assert.deepEqual(
      tokens.requests.map((r) => r.user ?? "anonymous"),
      ["anonymous"],
    );
  });

  it("uses credentials given for the run from the start", async () => {
    tokens.requests.length = 0;
    const source = await open(`${registry.host}/team/alpine:1.0`, {
      env: isolated(),
      login: { username: user, password },
    });
    await source.close();
    assert.deepEqual(
      tokens.requests.map((r) => r.user ?? "anonymous"),
      [user],
    );
  });

  it("wrong password: exit 3, the token service refused the named source", async () => {
    const target = `registry:${registry.host}/team/alpine:1.0`;
    const result = await runCli(["--debug", "sbom", target, "--format", "json"], {
      env: {
        ...isolated({ DRYDOCK_REGISTRY_USERNAME: user, DRYDOCK_REGISTRY_PASSWORD: wrongPassword }),
        DRYDOCK_CACHE_DIR: join(work, "cache-x"),
      },
    });
    assert.equal(result.code, 3);
    // With --debug, stderr also holds debug events and the stack: the message line is the one that counts.
    assert.match(
      result.stderr.split("\n").find((l) => l.startsWith("drydock: ")) ?? "",
      new RegExp(
        `^drydock: ${escapeRegExp(target)}: authentication failed: the token service of ${escapeRegExp(registry.host)} \\(${escapeRegExp(tokens.host)}\\) refused the credentials from DRYDOCK_REGISTRY_USERNAME/DRYDOCK_REGISTRY_PASSWORD$`,
      ),
    );
    assertNoSecret(result.stdout, result.stderr);
  });
});
