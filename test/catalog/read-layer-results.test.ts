import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deflateSync } from "node:zlib";
import { type Cataloger, defaultParseLimits } from "../../src/catalog/cataloger.js";
import { readLayerResults } from "../../src/catalog/read-layer-results.js";
import { cargoAuditableCataloger } from "../../src/ecosystems/cargo/catalog/cargo-auditable-cataloger.js";
import { goBinaryCataloger } from "../../src/ecosystems/golang/catalog/go-binary-cataloger.js";
import { buildElf } from "../catalog-bin/helpers/elf-builder.js";
import { inlineBuildInfo, wrapModInfo } from "../catalog-bin/helpers/go-build-info.js";
import { auditableElf } from "../catalog-bin/helpers/parse.js";
import { type EntrySpec, layerFor, makeLayer, streamOf } from "../fs/helpers/make-layer.js";

const MiB = 1024 * 1024;
const catalogers: Cataloger[] = [goBinaryCataloger, cargoAuditableCataloger];

const goBinary = buildElf({
  bits: 64,
  littleEndian: true,
  sections: [
    { name: ".text", data: Buffer.alloc(64, 0x90), addr: 0x401000, flags: 6 },
    {
      name: ".go.buildinfo",
      data: inlineBuildInfo(
        "go1.22.1",
        wrapModInfo(
          "path\texample.com/svc\nmod\texample.com/svc\t(devel)\t\ndep\tgolang.org/x/net\tv0.21.0\t\n",
        ),
      ),
      addr: 0x500000,
    },
  ],
}).bytes;

const rustBinary = auditableElf(
  deflateSync(
    JSON.stringify({
      packages: [
        { name: "tool", version: "0.3.0", source: "local", root: true, dependencies: [1] },
        { name: "serde", version: "1.0.193", source: "crates.io" },
      ],
    }),
  ),
);

/** A C-like ELF of about `size` bytes: code plus a writable data segment, no Go or Rust data. */
function plainElf(size: number, fill: number): Buffer {
  return buildElf({
    bits: 64,
    littleEndian: true,
    sections: [
      { name: ".text", data: Buffer.alloc(size - 4096, fill), addr: 0x401000, flags: 6 },
      { name: ".data", data: Buffer.alloc(1024, fill), addr: 0x900000 },
    ],
  }).bytes;
}

/**
 * One layer where the reused buffers matter: the Go binary comes first and is overwritten in
 * the 24 MiB ring by the ELF files after it (its hard link needs the second read), a file
 * larger than the ring goes through the scratch buffer, and the Rust binary's hard link is
 * served from the ring.
 */
function layerEntries(): EntrySpec[] {
  return [
    { name: "usr/local/bin/svc", content: goBinary, mode: 0o755 },
    ...Array.from({ length: 30 }, (_, i) => ({
      name: `usr/bin/tool${i}`,
      content: plainElf(MiB, i + 1),
      mode: 0o755,
    })),
    { name: "usr/lib/gcc/cc1", content: plainElf(25 * MiB, 0xcc), mode: 0o755 },
    { name: "usr/bin/script", content: "#!/bin/sh\necho hi\n", mode: 0o755 },
    { name: "usr/local/bin/tool", content: rustBinary, mode: 0o755 },
    { name: "usr/local/bin/tool-again", type: "link", linkname: "usr/local/bin/tool" },
    { name: "usr/local/bin/svc-again", type: "link", linkname: "usr/local/bin/svc" },
  ];
}

describe("readLayerResults: executables through reused buffers", () => {
  it("finds every Go and cargo-auditable binary, as parsing each file on its own does", async () => {
    const entries = layerEntries();
    const tar = await makeLayer(entries);
    const layer = layerFor("executables");
    let opened = 0;
    const result = await readLayerResults(
      {
        layers: [layer],
        openLayer: async () => {
          opened++;
          return streamOf(tar);
        },
        bytesRead: () => 0,
      },
      layer,
      catalogers,
      { target: "test.tar", parseContext: { limits: defaultParseLimits }, maxFileSize: 512 * MiB },
    );

    // What each cataloger gives for each file parsed alone, from its own buffer.
    const contentOf = new Map<string, Buffer>();
    for (const e of entries)
      if ("content" in e && e.content) contentOf.set(`/${e.name}`, Buffer.from(e.content));
    contentOf.set("/usr/local/bin/tool-again", contentOf.get("/usr/local/bin/tool")!);
    contentOf.set("/usr/local/bin/svc-again", contentOf.get("/usr/local/bin/svc")!);
    const expected = [];
    for (const [path, bytes] of contentOf) {
      for (const c of catalogers) {
        const alone = await c.parse(
          { path, layer: layer.diffId, size: bytes.length, mode: 0o755, bytes: Buffer.from(bytes) },
          { limits: defaultParseLimits },
        );
        expected.push({ cataloger: c.name, path, result: alone });
      }
    }
    const key = (p: { cataloger: string; path: string }) => `${p.path} ${p.cataloger}`;
    const sorted = <T extends { cataloger: string; path: string }>(list: T[]) =>
      [...list].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    assert.deepEqual(
      JSON.parse(JSON.stringify(sorted(result.parsed))),
      JSON.parse(JSON.stringify(sorted(expected))),
    );
    assert.deepEqual(result.diagnostics, []);
    assert.equal(opened, 2, "the Go binary's link, whose target the ring overwrote, needs the second read");

    const found = (path: string, cataloger: Cataloger) =>
      result.parsed
        .filter((p) => p.path === path && p.cataloger === cataloger.name)
        .flatMap((p) => (p.result as { packages: { name: string; version: string }[] }).packages)
        .map((p) => `${p.name}@${p.version}`);
    for (const path of ["/usr/local/bin/svc", "/usr/local/bin/svc-again"]) {
      assert.deepEqual(found(path, goBinaryCataloger), [
        "stdlib@v1.22.1",
        "example.com/svc@(devel)",
        "golang.org/x/net@v0.21.0",
      ]);
    }
    for (const path of ["/usr/local/bin/tool", "/usr/local/bin/tool-again"]) {
      assert.deepEqual(found(path, cargoAuditableCataloger), ["tool@0.3.0", "serde@1.0.193"]);
    }
    const others = result.parsed.filter((p) => !/\/(svc|tool)(-again)?$/.test(p.path));
    assert.equal(others.length, 2 * 32, "30 small ELF files, cc1 and the script, by both catalogers");
    for (const p of others) assert.deepEqual(p.result, { packages: [], diagnostics: [] }, p.path);
  });
});
