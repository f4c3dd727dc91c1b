/**
 * drydock against Debian's docker-registry (CNCF distribution), images pushed with skopeo
 * from ../shared/images: anonymous pulls by tag and by digest, a multi-arch index with
 * --platform, the failure contract (unknown tag, unreachable port, tampered blob: exit 3
 * and one line) and a second scan that downloads no layer bytes. Skips when the tools or
 * ../shared are missing.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, open, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { openRegistryImage } from "../../src/image/registry/index.js";
import { type BuiltImage, makeOciLayout } from "../helpers/make-image.js";
import {
  blobDataPath,
  freePort,
  pushImage,
  type RegistryServer,
  registryToolsMissing,
  sharedImages,
  sharedImagesMissing,
  startRegistry,
} from "./helpers/registry-server.js";
import { escapeRegExp, failureLine, runCli } from "./helpers/run-cli.js";

const skip = registryToolsMissing() ?? sharedImagesMissing();
const debianAppDigest = "sha256:2a722f9c51b8bc7a0a5c1b9b3964545df4c50ab25e11a8358e4055a62905a7b8";
const debianAppConfig = "sha256:ea1408857092fe23961973286bba802bd3018f9ee91782ce05382505428fc63c";
const alpineDigest = "sha256:38e70c43df5080cf91d216e7a47419e4108dde9a1b0ba2c307e75b9c73aca11b";

let registry: RegistryServer;
let work: string;
let multi: BuiltImage[];
let tamper: BuiltImage;

interface SbomJson {
  target: { input: string; ref?: string; digest?: string; platform?: string };
  packages: { name: string; version: string }[];
  stats: { layersTotal: number; layersFromCache: number; layerBytesRead: number };
}

function cliEnv(cache: string): NodeJS.ProcessEnv {
  return { DRYDOCK_CACHE_DIR: cache, HOME: work, DOCKER_CONFIG: join(work, "no-docker-config") };
}

async function drain(stream: Readable): Promise<void> {
  for await (const _ of stream) {
    // the layer-stream checks digests while it flows
  }
}

describe("a real registry (docker-registry), anonymous", { skip }, () => {
  before(async () => {
    work = await mkdtemp(join(tmpdir(), "drydock-real-registry-"));
    registry = await startRegistry();
    await pushImage(registry, `oci:${sharedImages}/alpine-synthetic.oci:latest`, "test/alpine:latest");
    await pushImage(
      registry,
      `oci-archive:${sharedImages}/debian-app.tar:latest`,
      "barnacle/debian-app:latest",
    );
    // A two-platform index built here; skopeo --all pushes the index and both images.
    const layout = join(work, "multi.oci");
    multi = (
      await makeOciLayout(
        layout,
        [
          { layers: [{ entries: [{ path: "etc/os-release", content: "ID=alpine\nVERSION_ID=3.18.0\n" }] }] },
          {
            platform: { os: "linux", architecture: "arm64", variant: "v8" },
            layers: [
              { entries: [{ path: "etc/os-release", content: "ID=alpine\nVERSION_ID=3.18.0\n" }] },
              { entries: [{ path: "etc/arm-only", content: "arm64\n" }] },
            ],
          },
        ],
        { index: "nested", ref: "multi" },
      )
    ).images;
    await pushImage(registry, `oci:${layout}:multi`, "test/multi:latest", { all: true });
    // An image of its own for the tamper test: blobs are shared across repositories.
    const tamperLayout = join(work, "tamper.oci");
    [tamper] = (
      await makeOciLayout(tamperLayout, [{ entries: [{ path: "data/unique", content: randomBytes(4096) }] }])
    ).images as [BuiltImage];
    await pushImage(registry, `oci:${tamperLayout}:latest`, "test/tamper:latest");
  });

  after(async () => {
    await registry?.stop();
    await rm(work, { recursive: true, force: true });
  });

  it("scans by tag over plain HTTP on loopback", async () => {
    const cache = join(work, "cache-tag");
    const result = await runCli(
      ["sbom", `registry:${registry.host}/test/alpine:latest`, "--format", "json"],
      { env: cliEnv(cache) },
    );
    assert.equal(result.code, 0, result.stderr);
    const sbom = JSON.parse(result.stdout) as SbomJson;
    assert.equal(sbom.target.ref, `${registry.host}/test/alpine:latest`);
    assert.equal(sbom.target.digest, alpineDigest);
    assert.equal(sbom.packages.filter((p) => p.name === "musl" && p.version === "1.2.4-r0").length, 1);
    const truth =
      (await readFile(join(sharedImages, "truth/alpine-synthetic/apk.tsv"), "utf8")).trim().split("\n")
        .length - 1;
    assert.equal(sbom.packages.length, truth);
  });

  it("opens image A by tag and by digest, every layer verified", async () => {
    const layersTsv = (await readFile(join(sharedImages, "truth/debian-app/layers.tsv"), "utf8"))
      .trim()
      .split("\n")
      .slice(1);
    const diffIds = layersTsv.map((l) => l.split("\t")[1]);
    for (const reference of [
      `${registry.host}/barnacle/debian-app:latest`,
      `${registry.host}/barnacle/debian-app@${debianAppDigest}`,
    ]) {
      const source = await openRegistryImage(`registry:${reference}`, reference);
      try {
        assert.equal(source.target.digest, debianAppDigest);
        assert.equal(source.configDigest, debianAppConfig);
        assert.deepEqual(
          source.layers.map((l) => l.diffId),
          diffIds,
        );
        if (reference.includes("@")) {
          for (const layer of source.layers) await drain(await source.openLayer(layer));
          assert.equal(
            source.bytesRead(),
            source.layers.reduce((n, l) => n + l.size, 0),
          );
        } else {
          assert.equal(source.bytesRead(), 0, "no layer bytes before a layer is opened");
        }
      } finally {
        await source.close();
      }
    }
  });

  it("chooses the platform of a multi-arch index with --platform", async () => {
    const [amd, arm] = multi as [BuiltImage, BuiltImage];
    const cache = join(work, "cache-multi");
    const result = await runCli(
      ["sbom", `${registry.host}/test/multi:latest`, "--platform", "linux/arm64/v8", "--format", "json"],
      { env: cliEnv(cache) },
    );
    assert.equal(result.code, 0, result.stderr);
    const sbom = JSON.parse(result.stdout) as SbomJson;
    assert.equal(sbom.target.digest, arm.manifestDigest);
    assert.equal(sbom.target.platform, "linux/arm64/v8");
    assert.equal(sbom.stats.layersTotal, 2);
    const source = await openRegistryImage("m", `${registry.host}/test/multi:latest`, {
      platform: "linux/amd64",
    });
    assert.equal(source.target.digest, amd.manifestDigest);
    await source.close();
    const wrong = await runCli(["sbom", `${registry.host}/test/multi:latest`, "--platform", "linux/s390x"], {
      env: cliEnv(cache),
    });
    assert.equal(wrong.code, 2);
    assert.match(
      failureLine(wrong),
      /no image for platform linux\/s390x; available: linux\/amd64, linux\/arm64\/v8/,
    );
  });

  it("unknown tag: exit 3, one line naming the reference and the cause", async () => {
    const target = `registry:${registry.host}/test/alpine:no-such-tag`;
    const result = await runCli(["sbom", target, "--format", "json"], { env: cliEnv(join(work, "cache-x")) });
    assert.equal(result.code, 3);
    assert.equal(result.stdout, "");
    assert.match(
      failureLine(result),
      new RegExp(`^drydock: ${escapeRegExp(target)}: not found: .*has no tag "no-such-tag"`),
    );
  });

  it("unreachable port: exit 3, one line", async () => {
    const port = await freePort();
    const target = `registry:127.0.0.1:${port}/test/alpine:latest`;
    const result = await runCli(["sbom", target, "--format", "json"], { env: cliEnv(join(work, "cache-x")) });
    assert.equal(result.code, 3);
    assert.match(
      failureLine(result),
      new RegExp(
        `^drydock: ${escapeRegExp(target)}: registry 127\\.0\\.0\\.1:${port} is unreachable: connection refused`,
      ),
    );
  });

  it("tampered blob in the registry's storage: exit 3, digest mismatch", async () => {
    const layer = tamper.layers[0];
    assert.ok(layer);
    // Change the gzip header's MTIME: the tar inside stays the same, the blob digest does not.
    const handle = await open(blobDataPath(registry, layer.digest), "r+");
    try {
      await handle.write(Buffer.from([0x12, 0x34, 0x56, 0x78]), 0, 4, 4);
    } finally {
      await handle.close();
    }
    const target = `registry:${registry.host}/test/tamper:latest`;
    const result = await runCli(["sbom", target, "--format", "json"], {
      env: cliEnv(join(work, "cache-tamper")),
    });
    assert.equal(result.code, 3, result.stderr);
    assert.match(
      failureLine(result),
      new RegExp(
        `^drydock: ${escapeRegExp(target)}: layer 1: digest mismatch: expected ${layer.digest}, got sha256:[0-9a-f]{64}$`,
      ),
    );
  });

  it("a second scan of the same reference downloads no layer bytes", async () => {
    const cache = join(work, "cache-twice");
    const target = `registry:${registry.host}/barnacle/debian-app:latest`;
    const first = await runCli(["sbom", target, "--format", "json"], { env: cliEnv(cache) });
    assert.equal(first.code, 0, first.stderr);
    const one = JSON.parse(first.stdout) as SbomJson;
    assert.equal(one.stats.layersTotal, 6);
    assert.equal(one.stats.layersFromCache, 0);
    assert.ok(one.stats.layerBytesRead > 60_000_000, `first scan pulled ${one.stats.layerBytesRead} bytes`);
    const second = await runCli(["sbom", target, "--format", "json", "--debug"], { env: cliEnv(cache) });
    assert.equal(second.code, 0, second.stderr);
    const two = JSON.parse(second.stdout) as SbomJson;
    assert.equal(two.stats.layerBytesRead, 0);
    assert.equal(two.stats.layersFromCache, two.stats.layersTotal);
    assert.ok(!second.stderr.includes("registry blob-download"), "--debug shows no blob download");
    assert.equal(two.packages.length, one.packages.length);
  });
});
