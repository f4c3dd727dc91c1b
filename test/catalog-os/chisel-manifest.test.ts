import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultParseLimits } from "../../src/catalog/cataloger.js";
import { deb } from "../../src/ecosystems/deb/index.js";
import { zstdRawFrame } from "./os-test-helpers.js";
import { runCatalogers } from "./run-catalogers.js";

const manifest = [
  `{"jsonwall":"1.0","schema":"1.0","count":10}`,
  `{"kind":"content","slice":"base-files_chisel","path":"/var/lib/chisel/manifest.wall"}`,
  `{"kind":"content","slice":"libc6_libs","path":"/usr/lib/x86_64-linux-gnu/libc.so.6"}`,
  `{"kind":"package","name":"base-files","version":"13ubuntu10","sha256":"aa","arch":"amd64"}`,
  `{"kind":"package","name":"libc6","version":"2.39-0ubuntu8.3","sha256":"bb","arch":"amd64"}`,
  `{"kind":"path","path":"/usr/lib/x86_64-linux-gnu/libc.so.6","mode":"0755","slices":["libc6_libs"],"sha256":"cc","size":2}`,
  `{"kind":"path","path":"/var/lib/chisel/","mode":"0755","slices":["base-files_chisel"]}`,
  `{"kind":"path","path":"/var/lib/chisel/manifest.wall","mode":"0644","slices":["base-files_chisel"]}`,
  `{"kind":"slice","name":"base-files_chisel"}`,
  `{"kind":"slice","name":"libc6_libs"}`,
  `not json`,
].join("\n");

test("chisel manifest: packages, versions, arch, slices and owned paths from the zstd jsonwall", async () => {
  const { packages, diagnostics } = await runCatalogers(deb.catalogers, {
    "/var/lib/chisel/manifest.wall": zstdRawFrame(Buffer.from(manifest)),
    "/usr/share/doc/libc6/copyright":
      "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nLicense: LGPL-2.1+\n",
  });
  assert.deepEqual(
    packages.map((p) => `${p.name}@${p.version}`),
    ["base-files@13ubuntu10", "libc6@2.39-0ubuntu8.3"],
  );
  const libc = packages[1]!;
  assert.equal(libc.foundBy, "chisel-manifest-cataloger");
  assert.deepEqual(libc.metadata, { arch: "amd64", sha256: "bb", slices: ["libc6_libs"] });
  assert.deepEqual(libc.ownedFiles, ["/usr/lib/x86_64-linux-gnu/libc.so.6"]);
  assert.deepEqual(libc.licenses, ["LGPL-2.1-or-later"]);
  assert.deepEqual(packages[0]!.ownedFiles, ["/var/lib/chisel", "/var/lib/chisel/manifest.wall"]);
  assert.equal(
    deb.purl(libc, { id: "ubuntu", versionId: "24.04" }),
    "pkg:deb/ubuntu/libc6@2.39-0ubuntu8.3?arch=amd64&distro=ubuntu-24.04",
  );
  assert.deepEqual(
    diagnostics.map((d) => d.message),
    ["/var/lib/chisel/manifest.wall: 1 lines are not JSON objects"],
  );
});

test("chisel manifest: corrupt zstd and a decompression bomb give one diagnostic each", async () => {
  const corrupt = await runCatalogers(deb.catalogers, {
    "/var/lib/chisel/manifest.wall": Buffer.from("not zstd at all"),
  });
  assert.equal(corrupt.packages.length, 0);
  assert.match(corrupt.diagnostics[0]!.message, /corrupt zstd stream/);
  const bomb = zstdRawFrame(Buffer.alloc(300 * 1024, 0x41));
  const capped = await runCatalogers(
    deb.catalogers,
    { "/var/lib/chisel/manifest.wall": bomb },
    {
      ...defaultParseLimits,
      maxExpandedBytes: 100 * 1024,
    },
  );
  assert.equal(capped.packages.length, 0);
  assert.match(capped.diagnostics[0]!.message, /expands beyond 102400 bytes/);
});
