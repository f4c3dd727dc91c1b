import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FileParseResult } from "../../src/catalog/cataloger.js";
import { goBinaryCataloger } from "../../src/ecosystems/golang/catalog/go-binary-cataloger.js";
import { goToolchainToSemver } from "../../src/ecosystems/golang/catalog/go-toolchain-version.js";
import { parseModInfo, unquoteGo } from "../../src/ecosystems/golang/catalog/parse-mod-info.js";
import { golang } from "../../src/ecosystems/golang/index.js";
import { testLayer } from "../helpers/catalog-case.js";
import { buildElf } from "./helpers/elf-builder.js";
import { inlineBuildInfo, pointerBuildInfo, wrapModInfo } from "./helpers/go-build-info.js";
import { parseGoBinary as parseBinary } from "./helpers/parse.js";

const modInfo = [
  "path\texample.com/svc/cmd/svc",
  "mod\texample.com/svc\t(devel)\t",
  "dep\tgithub.com/pkg/errors\tv0.9.1\th1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=",
  "dep\tgolang.org/x/net\tv0.7.0\t",
  "=>\tgithub.com/fork/net\tv0.8.1-0.20230101000000-abcdefabcdef\th1:abc=",
  "dep\texample.com/local\tv1.0.0\t",
  "=>\t../local\t",
  "build\t-compiler=gc",
  'build\t-ldflags="-s -w -X main.version=1.2"',
  "build\tvcs.revision=0123456789abcdef",
  "",
].join("\n");

const nv = (r: FileParseResult) => r.packages.map((p) => `${p.name}@${p.version}`);

describe("go-binary-cataloger", () => {
  it("selects executables up to a large size", () => {
    assert.equal(goBinaryCataloger.selects.executables, true);
    assert.ok((goBinaryCataloger.selects.maxSize ?? 0) >= 256 * 1024 * 1024);
  });

  it("reads Go 1.18+ inline build info: stdlib, main, deps and replacements", async () => {
    const { bytes } = buildElf({
      bits: 64,
      littleEndian: true,
      sections: [
        { name: ".text", data: Buffer.alloc(64, 0x90), addr: 0x401000, flags: 6 },
        { name: ".go.buildinfo", data: inlineBuildInfo("go1.21.5", wrapModInfo(modInfo)), addr: 0x500000 },
      ],
    });
    const r = await parseBinary("/usr/local/bin/svc", bytes);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(nv(r), [
      "stdlib@v1.21.5",
      "example.com/svc@(devel)",
      "github.com/pkg/errors@v0.9.1",
      "github.com/fork/net@v0.8.1-0.20230101000000-abcdefabcdef",
      "example.com/local@v1.0.0",
    ]);
    const [stdlib, main, errs, net, local] = r.packages;
    assert.equal(stdlib!.metadata?.goVersion, "go1.21.5");
    assert.equal(main!.metadata?.mainModule, true);
    assert.equal(main!.metadata?.mainPackage, "example.com/svc/cmd/svc");
    assert.deepEqual(main!.metadata?.buildSettings, {
      "-compiler": "gc",
      "-ldflags": "-s -w -X main.version=1.2",
      "vcs.revision": "0123456789abcdef",
    });
    assert.equal(errs!.metadata?.sum, "h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=");
    assert.deepEqual(net!.metadata?.replaces, { path: "golang.org/x/net", version: "v0.7.0" });
    assert.equal(local!.confidence, "low");
    assert.equal(local!.metadata?.replacedByDirectory, "../local");
    for (const p of r.packages) {
      assert.equal(p.type, "golang");
      assert.deepEqual(p.locations, [{ path: "/usr/local/bin/svc", layer: testLayer }]);
      assert.equal(p.foundBy, "go-binary-cataloger");
    }
    assert.equal(golang.purl(net!), "pkg:golang/github.com/fork/net@v0.8.1-0.20230101000000-abcdefabcdef");
  });

  for (const variant of [
    { bits: 64 as const, littleEndian: true, ptrSize: 8 as const },
    { bits: 64 as const, littleEndian: false, ptrSize: 8 as const },
    { bits: 32 as const, littleEndian: true, ptrSize: 4 as const },
    { bits: 32 as const, littleEndian: false, ptrSize: 4 as const },
  ]) {
    it(`reads the pre-1.18 pointer format (${variant.bits}-bit ${variant.littleEndian ? "LE" : "BE"})`, async () => {
      const rodataAddr = 0x600000;
      const { buildinfo, rodata } = pointerBuildInfo("go1.16.15", wrapModInfo(modInfo), {
        ...variant,
        rodataAddr,
      });
      const { bytes } = buildElf({
        bits: variant.bits,
        littleEndian: variant.littleEndian,
        sections: [
          { name: ".rodata", data: rodata, addr: rodataAddr, flags: 2 },
          { name: ".go.buildinfo", data: buildinfo, addr: 0x700000 },
        ],
      });
      const r = await parseBinary("/bin/old", bytes);
      assert.deepEqual(r.diagnostics, []);
      assert.equal(nv(r)[0], "stdlib@v1.16.15");
      assert.equal(r.packages.length, 5);
    });
  }

  it("finds build info in the writable segment when section headers are stripped", async () => {
    const { bytes } = buildElf({
      bits: 64,
      littleEndian: true,
      stripSectionHeaders: true,
      sections: [
        {
          name: ".data",
          data: Buffer.concat([inlineBuildInfo("go1.20", wrapModInfo(modInfo)), Buffer.alloc(128)]),
          addr: 0x500000,
        },
      ],
    });
    const r = await parseBinary("/bin/stripped", bytes);
    assert.deepEqual(r.diagnostics, []);
    assert.equal(nv(r)[0], "stdlib@v1.20.0");
  });

  it("reports a GOPATH-mode binary (path line only) as main package + stdlib", async () => {
    const info = "path\tgithub.com/opencontainers/umoci/cmd/umoci\nbuild\t-compiler=gc\n";
    const { bytes } = buildElf({
      bits: 64,
      littleEndian: true,
      sections: [
        { name: ".go.buildinfo", data: inlineBuildInfo("go1.19.8", wrapModInfo(info)), addr: 0x500000 },
      ],
    });
    const r = await parseBinary("/usr/bin/umoci", bytes);
    assert.deepEqual(nv(r), ["stdlib@v1.19.8", "github.com/opencontainers/umoci/cmd/umoci@(devel)"]);
    assert.equal(r.packages[1]!.metadata?.gopathMode, true);
  });

  it("reports only stdlib when the module info is absent (built without modules)", async () => {
    const { bytes } = buildElf({
      bits: 64,
      littleEndian: true,
      sections: [
        { name: ".go.buildinfo", data: inlineBuildInfo("go1.22.1", Buffer.alloc(0)), addr: 0x500000 },
      ],
    });
    assert.deepEqual(nv(await parseBinary("/bin/x", bytes)), ["stdlib@v1.22.1"]);
  });

  it("ignores non-ELF executables and ELF files without Go build info", async () => {
    assert.deepEqual(await parseBinary("/usr/bin/script", Buffer.from("#!/bin/sh\necho hi\n")), {
      packages: [],
      diagnostics: [],
    });
    const { bytes } = buildElf({
      bits: 64,
      littleEndian: true,
      sections: [{ name: ".data", data: Buffer.alloc(256), addr: 0x500000 }],
    });
    assert.deepEqual(await parseBinary("/usr/bin/c-program", bytes), { packages: [], diagnostics: [] });
  });

  it("reports unknown module info lines as diagnostics and keeps the rest", async () => {
    const info = "path\tx.io/a\nmod\tx.io/a\tv1.0.0\t\nweird\tline\ndep\tx.io/b\tv2.0.0\t\n";
    const { bytes } = buildElf({
      bits: 64,
      littleEndian: true,
      sections: [
        { name: ".go.buildinfo", data: inlineBuildInfo("go1.21.0", wrapModInfo(info)), addr: 0x500000 },
      ],
    });
    const r = await parseBinary("/bin/a", bytes);
    assert.deepEqual(nv(r), ["stdlib@v1.21.0", "x.io/a@v1.0.0", "x.io/b@v2.0.0"]);
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0]!.message, /line 3: unknown line kind "weird"/);
  });

  it("reads a real Go binary built here (only when go is on PATH)", async (t) => {
    if (spawnSync("go", ["version"]).status !== 0) {
      t.skip("go is not on PATH");
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "drydock-go-"));
    try {
      writeFileSync(join(dir, "go.mod"), "module example.com/hello\n\ngo 1.18\n");
      writeFileSync(join(dir, "main.go"), 'package main\n\nfunc main() { println("hi") }\n');
      const env = { ...process.env, GOFLAGS: "-buildvcs=false", GOTOOLCHAIN: "local", CGO_ENABLED: "0" };
      execFileSync("go", ["build", "-o", "hello", "."], { cwd: dir, env, stdio: "pipe" });
      const goVersion = execFileSync("go", ["env", "GOVERSION"], { env }).toString().trim();
      const r = await parseBinary("/hello", readFileSync(join(dir, "hello")));
      assert.deepEqual(nv(r), [`stdlib@${goToolchainToSemver(goVersion)}`, "example.com/hello@(devel)"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("Go build info helpers", () => {
  it("converts toolchain versions to semver", () => {
    assert.equal(goToolchainToSemver("go1.19.8"), "v1.19.8");
    assert.equal(goToolchainToSemver("go1.20"), "v1.20.0");
    assert.equal(goToolchainToSemver("go1.21rc2"), "v1.21.0-rc.2");
    assert.equal(goToolchainToSemver("go1.18beta1"), "v1.18.0-beta.1");
    assert.equal(goToolchainToSemver("go1.20.1 X:boringcrypto"), "v1.20.1");
    assert.equal(goToolchainToSemver("devel go1.22-abc123 Tue Jan 1"), undefined);
  });

  it("parses module info, including replacement errors", () => {
    const { info, problems } = parseModInfo("=>\tx\tv1\t\nmod\tm\tv1.0.0\nbuild\tnoequals\n");
    assert.equal(info.main?.path, "m");
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /replacement without a module line/);
    assert.match(problems[1]!, /malformed build line/);
  });

  it("parses quoted build keys and values", () => {
    const { info } = parseModInfo('build\t"key=with\\tequals"="v \\"q\\""\n');
    assert.deepEqual(info.settings, [{ key: "key=with\tequals", value: 'v "q"' }]);
    assert.equal(unquoteGo('"\\x41\\u00e9\\101"'), "AéA");
  });

  it("builds golang purls with namespace, case kept", () => {
    const base = { type: "golang" as const, locations: [], foundBy: "x", licenses: [] };
    assert.equal(
      golang.purl({ ...base, name: "github.com/Azure/go-autorest", version: "v14.2.0+incompatible" }),
      "pkg:golang/github.com/Azure/go-autorest@v14.2.0+incompatible",
    );
    assert.equal(golang.purl({ ...base, name: "stdlib", version: "v1.19.8" }), "pkg:golang/stdlib@v1.19.8");
  });
});
