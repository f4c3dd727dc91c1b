import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseTarget } from "../../src/image/target.js";
import type { DrydockError } from "../../src/model/index.js";
import {
  makeDockerArchive,
  makeOciArchive,
  makeOciLayout,
  sampleLayers,
  writeTarFile,
} from "../helpers/make-image.js";

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-target-"));
  await makeDockerArchive(join(dir, "app.tar"), sampleLayers());
  await makeOciArchive(join(dir, "app.oci.tar"), sampleLayers());
  await makeOciLayout(join(dir, "layout"), sampleLayers());
  await mkdir(join(dir, "rootfs/etc"), { recursive: true });
  await writeFile(join(dir, "bom.json"), '{"bomFormat":"CycloneDX"}');
  await writeTarFile(join(dir, "plain.tar"), new Map([["hello.txt", Buffer.from("hi")]]));
  await writeFile(join(dir, "junk.bin"), Buffer.alloc(2000, 0x41));
  await writeFile(join(dir, "app.tar.gz"), Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("parseTarget", () => {
  it("parses explicit prefixes with their selectors", async () => {
    const app = join(dir, "app.tar");
    assert.deepEqual(await parseTarget(`docker-archive:${app}`), {
      kind: "docker-archive",
      input: `docker-archive:${app}`,
      path: app,
    });
    assert.deepEqual(await parseTarget(`docker-archive:${app}@1`), {
      kind: "docker-archive",
      input: `docker-archive:${app}@1`,
      path: app,
      select: { index: 1 },
    });
    assert.deepEqual(await parseTarget(`docker-archive:${app}:repo/app:1.0`), {
      kind: "docker-archive",
      input: `docker-archive:${app}:repo/app:1.0`,
      path: app,
      select: { tag: "repo/app:1.0" },
    });
    assert.deepEqual(await parseTarget(`oci-dir:${join(dir, "layout")}:v1`), {
      kind: "oci-dir",
      input: `oci-dir:${join(dir, "layout")}:v1`,
      path: join(dir, "layout"),
      ref: "v1",
    });
    assert.equal((await parseTarget(`oci-archive:${join(dir, "app.oci.tar")}`)).kind, "oci-archive");
    assert.equal((await parseTarget(`dir:${join(dir, "rootfs")}`)).kind, "dir");
    assert.equal((await parseTarget(`sbom:${join(dir, "bom.json")}`)).kind, "sbom");
    assert.deepEqual(await parseTarget("registry:alpine:3.19"), {
      kind: "registry",
      input: "registry:alpine:3.19",
      ref: "alpine:3.19",
    });
  });

  it("auto-detects bare paths by content", async () => {
    assert.equal((await parseTarget(join(dir, "app.tar"))).kind, "docker-archive");
    assert.equal((await parseTarget(join(dir, "app.oci.tar"))).kind, "oci-archive");
    assert.equal((await parseTarget(join(dir, "layout"))).kind, "oci-dir");
    assert.equal((await parseTarget(join(dir, "rootfs"))).kind, "dir");
    assert.equal((await parseTarget(join(dir, "bom.json"))).kind, "sbom");
    assert.deepEqual(await parseTarget(`${join(dir, "layout")}:latest`), {
      kind: "oci-dir",
      input: `${join(dir, "layout")}:latest`,
      path: join(dir, "layout"),
      ref: "latest",
    });
    const indexed = await parseTarget(`${join(dir, "app.tar")}@0`);
    assert.ok(indexed.kind === "docker-archive" && indexed.select && "index" in indexed.select);
  });

  it("treats a bare name that is no path as a registry reference", async () => {
    assert.deepEqual(await parseTarget("alpine:3.19"), {
      kind: "registry",
      input: "alpine:3.19",
      ref: "alpine:3.19",
    });
    assert.equal((await parseTarget("localhost:5000/team/app@sha256:" + "a".repeat(64))).kind, "registry");
  });

  it("names missing files as DRYDOCK_TARGET_NOT_FOUND (exit 3)", async () => {
    for (const input of [
      join(dir, "missing.tar"),
      "./nope",
      `docker-archive:${join(dir, "missing.tar")}`,
      `dir:${join(dir, "none")}`,
    ]) {
      await assert.rejects(parseTarget(input), (e: DrydockError) => {
        assert.equal(e.code, "DRYDOCK_TARGET_NOT_FOUND", input);
        assert.equal(e.exitCode, 3);
        assert.ok(e.message.startsWith(input));
        return true;
      });
    }
  });

  it("refuses what is not an image, saying why", async () => {
    await assert.rejects(
      parseTarget(join(dir, "plain.tar")),
      (e: DrydockError) => e.code === "DRYDOCK_TARGET_FORMAT" && /not an image/.test(e.message),
    );
    await assert.rejects(
      parseTarget(join(dir, "junk.bin")),
      (e: DrydockError) => e.code === "DRYDOCK_TARGET_FORMAT",
    );
    await assert.rejects(
      parseTarget(join(dir, "app.tar.gz")),
      (e: DrydockError) =>
        e.code === "DRYDOCK_TARGET_FORMAT" && e.hint !== undefined && /gunzip/.test(e.hint),
    );
    await assert.rejects(
      parseTarget(`oci-dir:${join(dir, "app.tar")}`),
      (e: DrydockError) => e.code === "DRYDOCK_TARGET_FORMAT",
    );
    await assert.rejects(parseTarget("registry:Not A Ref"), (e: DrydockError) => e.code === "DRYDOCK_USAGE");
    await assert.rejects(parseTarget(""), (e: DrydockError) => e.code === "DRYDOCK_USAGE");
  });
});
