import assert from "node:assert/strict";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { lookupCredentials } from "../../src/image/registry/registry-credentials.js";
import { DrydockError } from "../../src/model/index.js";

let dir: string;
let bin: string;

function b64(text: string): string {
  return Buffer.from(text).toString("base64");
}

async function writeConfig(name: string, config: unknown): Promise<NodeJS.ProcessEnv> {
  const configDir = join(dir, name);
  await mkdir(configDir, { recursive: true });
  await writeFile(
    join(configDir, "config.json"),
    typeof config === "string" ? config : JSON.stringify(config),
  );
  return { DOCKER_CONFIG: configDir, HOME: dir, PATH: `${bin}:${process.env.PATH ?? "/usr/bin:/bin"}` };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-creds-"));
  bin = join(dir, "bin");
  await mkdir(bin);
  // A credential helper speaking the docker-credential-helpers protocol: server URL on stdin.
  const helper = join(bin, "docker-credential-fake");
  await writeFile(
    helper,
    `#!/bin/sh
[ "$1" = get ] || exit 2
read -r url
case "$url" in
  https://index.docker.io/v1/) echo '{"ServerURL":"https://index.docker.io/v1/","Username":"hubuser","Secret":"hub-helper-secret"}' ;;
  helper.example.com) echo '{"ServerURL":"helper.example.com","Username":"<token>","Secret":"refresh-token-value"}' ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`,
  );
  await chmod(helper, 0o755);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("credentials from ~/.docker/config.json", () => {
  it("decodes base64 auths, matching keys written as URLs", async () => {
    const env = await writeConfig("auths", {
      auths: {
        "https://127.0.0.1:5000/v1/": { auth: b64("alice:pa:ss") },
        "https://index.docker.io/v1/": { auth: b64("hub:hub-pass") },
        "ghcr.io": { username: "gh", password: "gh-pass" },
        "other.example.com": { identitytoken: "id-token" },
      },
    });
    const local = await lookupCredentials("127.0.0.1:5000", { primary: true, env });
    assert.equal(local.credential?.username, "alice");
    assert.equal(local.credential?.password, "pa:ss");
    assert.match(local.credential?.source ?? "", /config\.json \(auths\)$/);
    const hub = await lookupCredentials("docker.io", { primary: true, env });
    assert.equal(hub.credential?.username, "hub");
    assert.equal(
      (await lookupCredentials("ghcr.io", { primary: true, env })).credential?.password,
      "gh-pass",
    );
    assert.equal(
      (await lookupCredentials("other.example.com", { primary: true, env })).credential?.identityToken,
      "id-token",
    );
    const none = await lookupCredentials("quay.io", { primary: true, env });
    assert.equal(none.credential, undefined);
    assert.ok(none.consulted.some((c) => c.includes("auths")));
  });

  it("runs credHelpers and credsStore helpers, falling back to auths", async () => {
    const env = await writeConfig("helpers", {
      credsStore: "fake",
      credHelpers: { "helper.example.com": "fake" },
      auths: { "127.0.0.1:5000": { auth: b64("bob:bob-pass") } },
    });
    const hub = await lookupCredentials("docker.io", { primary: true, env });
    assert.deepEqual(
      { username: hub.credential?.username, password: hub.credential?.password },
      { username: "hubuser", password: "hub-helper-secret" },
    );
    assert.match(hub.credential?.source ?? "", /^docker-credential-fake \(credsStore in /);
    const token = await lookupCredentials("helper.example.com", { primary: true, env });
    assert.equal(token.credential?.identityToken, "refresh-token-value");
    assert.equal(token.credential?.password, undefined);
    assert.match(token.credential?.source ?? "", /credHelpers/);
    // The helper has no entry for this one: auths still answers.
    const local = await lookupCredentials("127.0.0.1:5000", { primary: true, env });
    assert.equal(local.credential?.username, "bob");
    assert.ok(local.consulted.some((c) => c.includes("has no entry")));
  });

  it("reports a helper that is not installed without failing", async () => {
    const env = await writeConfig("missing-helper", { credsStore: "nonexistent" });
    const found = await lookupCredentials("ghcr.io", { primary: true, env });
    assert.equal(found.credential, undefined);
    assert.ok(found.consulted.some((c) => c.includes("docker-credential-nonexistent is not installed")));
  });

  it("refuses a config that is not JSON without quoting it", async () => {
    const env = await writeConfig("broken", '{"auths": {"x": {"auth": "c2VjcmV0LXZhbHVl"');
    await assert.rejects(lookupCredentials("x", { primary: true, env }), (e: unknown) => {
      assert.ok(e instanceof DrydockError);
      assert.equal(e.code, "DRYDOCK_CONFIG_INVALID");
      assert.ok(!e.message.includes("c2VjcmV0"));
      return true;
    });
  });
});

describe("credential precedence", () => {
  it("--username beats DRYDOCK_REGISTRY_*, which beats the Docker config", async () => {
    const base = await writeConfig("precedence", {
      auths: { "r.example.com": { auth: b64("cfg:cfg-pass") } },
    });
    const env = { ...base, DRYDOCK_REGISTRY_USERNAME: "envuser", DRYDOCK_REGISTRY_PASSWORD: "env-pass" };
    const login = { username: "flaguser", password: "flag-pass" };
    const withLogin = await lookupCredentials("r.example.com", { primary: true, env, login });
    assert.equal(withLogin.credential?.username, "flaguser");
    assert.equal(withLogin.credential?.source, "--username/--password-stdin");
    const withEnv = await lookupCredentials("r.example.com", { primary: true, env });
    assert.equal(withEnv.credential?.username, "envuser");
    assert.equal(withEnv.credential?.source, "DRYDOCK_REGISTRY_USERNAME/DRYDOCK_REGISTRY_PASSWORD");
    assert.equal(
      (await lookupCredentials("r.example.com", { primary: true, env: base })).credential?.username,
      "cfg",
    );
  });

  it("never gives a run's login or env credentials to a mirror", async () => {
    const base = await writeConfig("mirror", {});
    const env = { ...base, DRYDOCK_REGISTRY_USERNAME: "envuser", DRYDOCK_REGISTRY_PASSWORD: "env-pass" };
    const found = await lookupCredentials("mirror.example.com", {
      primary: false,
      env,
      login: { username: "flaguser", password: "flag-pass" },
    });
    assert.equal(found.credential, undefined);
  });
});
