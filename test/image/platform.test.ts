import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  formatPlatform,
  hostPlatform,
  normalizePlatform,
  parsePlatform,
  platformsMatch,
  selectPlatform,
} from "../../src/image/platform.js";
import type { DrydockError } from "../../src/model/index.js";

describe("platform", () => {
  it("normalises architecture aliases and default variants", () => {
    assert.deepEqual(parsePlatform("linux/x86_64"), { os: "linux", architecture: "amd64" });
    assert.deepEqual(parsePlatform("linux/aarch64"), { os: "linux", architecture: "arm64", variant: "v8" });
    assert.deepEqual(parsePlatform("linux/arm64"), { os: "linux", architecture: "arm64", variant: "v8" });
    assert.deepEqual(parsePlatform("Linux/ARM/7"), { os: "linux", architecture: "arm", variant: "v7" });
    assert.deepEqual(normalizePlatform({ os: "linux", architecture: "arm" }), {
      os: "linux",
      architecture: "arm",
      variant: "v7",
    });
    assert.equal(formatPlatform(parsePlatform("linux/arm64/v8")), "linux/arm64/v8");
    assert.ok(
      platformsMatch(parsePlatform("linux/arm64"), { os: "linux", architecture: "aarch64", variant: "8" }),
    );
    assert.ok(!platformsMatch(parsePlatform("linux/arm/v6"), { os: "linux", architecture: "arm" }));
  });

  it("refuses a malformed --platform as a usage error", () => {
    for (const bad of ["linux", "linux/", "a/b/c/d", "linux/amd 64"]) {
      assert.throws(
        () => parsePlatform(bad),
        (e: DrydockError) => e.code === "DRYDOCK_USAGE" && e.exitCode === 2,
      );
    }
  });

  const entries = [
    { item: "amd", platform: { os: "linux", architecture: "amd64" } },
    { item: "arm", platform: { os: "linux", architecture: "arm64", variant: "v8" } },
    { item: "att", platform: { os: "unknown", architecture: "unknown" } },
  ];

  it("chooses the requested platform, else the host's", () => {
    assert.equal(selectPlatform(entries, parsePlatform("linux/aarch64"), "x").chosen, "arm");
    const host = hostPlatform();
    const choice = selectPlatform(entries, undefined, "x");
    assert.equal(choice.reason, "host");
    assert.ok(platformsMatch(host, choice.platform));
  });

  it("lists what there is when nothing matches, never choosing an attestation", () => {
    assert.throws(
      () => selectPlatform(entries, parsePlatform("linux/s390x"), "img.tar"),
      (e: DrydockError) =>
        e.code === "DRYDOCK_PLATFORM_NOT_FOUND" &&
        e.message === "img.tar: no image for platform linux/s390x; available: linux/amd64, linux/arm64/v8",
    );
  });
});
