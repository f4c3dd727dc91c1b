import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createDeflateRaw, deflateSync } from "node:zlib";
import type { FileParseResult } from "../../src/catalog/cataloger.js";
import { maxNestedArchives } from "../../src/ecosystems/maven/catalog/walk-java-archive.js";
import { buildElf, sectionHeaderOffset } from "./helpers/elf-builder.js";
import { inlineBuildInfo, pointerBuildInfo, uvarint, wrapModInfo } from "./helpers/go-build-info.js";
import { nameVersions, parseGoBinary as parseBinary, parseJar, parseRustBinary } from "./helpers/parse.js";
import { jarWithPom, pomProperties, writeZip } from "./helpers/zip-writer.js";

const MiB = 1024 * 1024;

/** Raw-deflates `total` zero bytes without ever holding them: a compact bomb payload. */
async function deflatedZeros(total: number): Promise<Buffer> {
  const chunk = Buffer.alloc(MiB);
  const z = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  z.on("data", (c: Buffer) => out.push(c));
  const done = new Promise((r) => z.on("end", r));
  for (let written = 0; written < total; written += chunk.length) {
    if (!z.write(chunk)) await new Promise((r) => z.once("drain", r));
  }
  z.end();
  await done;
  return Buffer.concat(out);
}

/** Runs `fn`, asserting it finishes within `ms` and grows RSS by less than `maxRssMiB`. */
async function bounded<T>(ms: number, maxRssMiB: number, fn: () => Promise<T>): Promise<T> {
  const rss = process.memoryUsage().rss;
  const start = performance.now();
  const result = await fn();
  const took = performance.now() - start;
  assert.ok(took < ms, `took ${Math.round(took)} ms (bound ${ms})`);
  const grown = (process.memoryUsage().rss - rss) / MiB;
  assert.ok(grown < maxRssMiB, `RSS grew ${Math.round(grown)} MiB (bound ${maxRssMiB})`);
  return result;
}

const codes = (r: FileParseResult) => r.diagnostics.map((d) => d.code);
const nv = nameVersions;

/** 64 MiB of zeros, raw-deflated to ~64 KiB; built once (building it is the slow part). */
let bombPayload: Promise<Buffer> | undefined;
const bomb64 = () => {
  bombPayload ??= deflatedZeros(64 * MiB);
  return bombPayload;
};

describe("hostile Java archives", () => {
  it("a zip bomb inside a jar: archive-limit, the packages found so far are kept", async () => {
    const bomb = await bomb64();
    const inner = writeZip([
      { name: "META-INF/maven/org.ok/before/pom.properties", data: pomProperties("org.ok", "before", "1.0") },
      { name: "BOOT-INF/lib/bomb.jar", data: "", deflated: bomb, declaredSize: 64 * MiB },
    ]);
    const r = await bounded(5000, 100, () => parseJar("/app/bomb.jar", inner, { maxExpandedBytes: 4 * MiB }));
    assert.deepEqual(nv(r), ["org.ok:before@1.0"]);
    assert.deepEqual(codes(r), ["archive-limit"]);
    assert.match(r.diagnostics[0]!.message, /bomb\.jar.*67108864 bytes/);
    assert.equal(r.diagnostics[0]!.file, "/app/bomb.jar");
  });

  it("a bomb whose header lies about its size is cut off at the cap", async () => {
    const bomb = await bomb64();
    const jar = writeZip([
      { name: "META-INF/maven/org.ok/kept/pom.properties", data: pomProperties("org.ok", "kept", "2") },
      { name: "lib/liar.jar", data: "", deflated: bomb, declaredSize: 1000 },
    ]);
    const r = await bounded(5000, 100, () => parseJar("/app/liar.jar", jar, { maxExpandedBytes: 4 * MiB }));
    assert.deepEqual(nv(r), ["org.ok:kept@2"]);
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0]!.message, /liar\.jar/);
  });

  it("a bomb in a nested jar's manifest is skipped; later entries are still read", async () => {
    const manifestBomb = await bomb64();
    const nested = writeZip([
      { name: "META-INF/MANIFEST.MF", data: "", deflated: manifestBomb, declaredSize: 64 * MiB },
    ]);
    const outer = writeZip([
      { name: "WEB-INF/lib/evil.jar", data: nested },
      { name: "WEB-INF/lib/good.jar", data: jarWithPom("org.good", "good", "3.0") },
    ]);
    const r = await bounded(5000, 100, () => parseJar("/srv/app.war", outer));
    assert.deepEqual(nv(r), ["org.good:good@3.0"]);
    assert.deepEqual(codes(r), ["archive-limit"]);
    assert.match(r.diagnostics[0]!.message, /evil\.jar!\/META-INF\/MANIFEST\.MF: skipped/);
  });

  it("a jar nested 50 deep stops at the depth limit with a diagnostic", async () => {
    let jar = jarWithPom("deep", "level50", "1.0.0");
    for (let level = 49; level >= 0; level--) {
      jar = writeZip([
        {
          name: `META-INF/maven/deep/level${level}/pom.properties`,
          data: pomProperties("deep", `level${level}`, "1.0.0"),
        },
        { name: "META-INF/jars/inner.jar", data: jar },
      ]);
    }
    const r = await bounded(3000, 100, () => parseJar("/deep.jar", jar));
    assert.deepEqual(
      nv(r),
      Array.from({ length: 6 }, (_, i) => `deep:level${i}@1.0.0`),
      "levels 0..5 (maxArchiveDepth 5)",
    );
    assert.deepEqual(codes(r), ["archive-limit"]);
    assert.match(r.diagnostics[0]!.message, /nested deeper than 5 levels/);
    const all = await parseJar("/deep.jar", jar, { maxArchiveDepth: 64 });
    assert.equal(all.packages.length, 51, "the depth limit is the only thing that stopped it");
    assert.deepEqual(all.diagnostics, []);
  });

  it("an archive with too many entries stops at maxArchiveEntries", async () => {
    const entries = [
      { name: "META-INF/maven/a/first/pom.properties", data: pomProperties("a", "first", "1") },
      ...Array.from({ length: 500 }, (_, i) => ({ name: `c/C${i}.class`, data: "x" })),
      { name: "META-INF/maven/a/last/pom.properties", data: pomProperties("a", "last", "1") },
    ];
    const r = await parseJar("/many.jar", writeZip(entries), { maxArchiveEntries: 100 });
    assert.deepEqual(nv(r), ["a:first@1"]);
    assert.deepEqual(codes(r), ["archive-limit"]);
  });

  it("a fan-out of nested copies (42.zip style) stops at the nested-archive cap", async () => {
    let level = jarWithPom("g", "leaf", "1");
    for (let d = 0; d < 4; d++) {
      level = writeZip(
        Array.from({ length: 10 }, (_, i) => ({
          name: `lib/l${d}-${i}.jar`,
          data: level,
          method: "deflate" as const,
        })),
      );
    }
    // 11,111 archives in 5 KiB; the walk must stop at the cap, not open them all.
    const r = await bounded(20_000, 300, () => parseJar("/fan.jar", level));
    assert.ok(r.packages.length <= maxNestedArchives);
    assert.ok(codes(r).includes("archive-limit"));
  });

  it("corrupt and encrypted entries give diagnostics, not exceptions", async () => {
    const good = writeZip([
      { name: "META-INF/maven/x/y/pom.properties", data: pomProperties("x", "y", "1") },
    ]);
    const truncated = good.subarray(0, good.length - 30);
    const r1 = await parseJar("/t.jar", truncated);
    assert.deepEqual(r1.packages, []);
    assert.deepEqual(codes(r1), ["parse-error"]);
    const encrypted = Buffer.from(good);
    const cdAt = encrypted.readUInt32LE(encrypted.length - 6);
    encrypted.writeUInt16LE(0x0801, cdAt + 8); // general purpose flag: encrypted
    encrypted.writeUInt16LE(0x0801, 6);
    const r2 = await parseJar("/e.jar", encrypted);
    assert.deepEqual(r2.packages, []);
    assert.ok(r2.diagnostics.length >= 1);
  });
});

describe("hostile ELF files", () => {
  const goElf = () =>
    buildElf({
      bits: 64,
      littleEndian: true,
      sections: [
        {
          name: ".go.buildinfo",
          data: inlineBuildInfo("go1.21.0", wrapModInfo("path\ta\nmod\ta\tv1.0.0\t\n")),
          addr: 0x500000,
        },
        {
          name: ".dep-v0",
          data: deflateSync('{"packages":[{"name":"a","version":"1.0.0","source":"local"}]}'),
          flags: 0,
        },
      ],
    }).bytes;

  it("a truncated ELF gives a parse-error diagnostic from both binary catalogers", async () => {
    const whole = goElf();
    for (const cut of [8, 20, 63, 200, whole.length - 1]) {
      const bytes = whole.subarray(0, cut);
      const go = await parseBinary("/bin/cut", bytes);
      const rust = await parseRustBinary(bytes);
      assert.deepEqual(go.packages, [], `go, cut at ${cut}`);
      assert.deepEqual(rust.packages, [], `rust, cut at ${cut}`);
      assert.deepEqual(codes(go), ["parse-error"], `go, cut at ${cut}`);
      assert.deepEqual(codes(rust), ["parse-error"], `rust, cut at ${cut}`);
    }
  });

  it("section offsets out of range give diagnostics", async () => {
    for (const [index, field] of [
      [1, "offset"],
      [2, "offset"],
      [1, "size"],
    ] as const) {
      const bytes = goElf();
      const at = sectionHeaderOffset(bytes, index);
      bytes.writeBigUInt64LE(
        field === "offset" ? 0x7fffffffn : 0xffffffffffn,
        at + (field === "offset" ? 24 : 32),
      );
      const target = index === 1 ? await parseBinary("/bin/x", bytes) : await parseRustBinary(bytes);
      assert.deepEqual(target.packages, []);
      assert.deepEqual(codes(target), ["parse-error"]);
      assert.match(target.diagnostics[0]!.message, /lies outside the file/);
    }
  });

  it("absurd varint lengths in the build info give diagnostics", async () => {
    const header = inlineBuildInfo("", Buffer.alloc(0)).subarray(0, 32);
    const payloads = [
      Buffer.concat([header, uvarint(2 ** 40), Buffer.from("go1.21")]),
      Buffer.concat([header, Buffer.alloc(10, 0xff), Buffer.from([0x01])]),
      Buffer.concat([header, uvarint(8), Buffer.from("go1.21.0"), uvarint(Number.MAX_SAFE_INTEGER)]),
      Buffer.concat([header, uvarint(8), Buffer.from("go1.21.0"), uvarint(5000), Buffer.from("short")]),
      header.subarray(0, 20),
    ];
    for (const data of payloads) {
      const { bytes } = buildElf({
        bits: 64,
        littleEndian: true,
        sections: [{ name: ".go.buildinfo", data, addr: 0x500000 }],
      });
      const r = await bounded(1000, 50, () => parseBinary("/bin/liar", bytes));
      assert.deepEqual(r.packages, []);
      assert.deepEqual(codes(r), ["parse-error"]);
    }
  });

  it("pointer-format build info pointing outside the file gives a diagnostic", async () => {
    const { buildinfo, rodata } = pointerBuildInfo("go1.16", wrapModInfo("path\ta\n"), {
      ptrSize: 8,
      littleEndian: true,
      rodataAddr: 0x600000,
    });
    const dangling = Buffer.from(buildinfo);
    dangling.writeBigUInt64LE(0xdead0000n, 16);
    const absurd = Buffer.from(rodata);
    absurd.writeBigUInt64LE(0xffffffffffn, 8); // version string length
    for (const [bi, ro] of [
      [dangling, rodata],
      [buildinfo, absurd],
    ] as const) {
      const { bytes } = buildElf({
        bits: 64,
        littleEndian: true,
        sections: [
          { name: ".rodata", data: ro, addr: 0x600000 },
          { name: ".go.buildinfo", data: bi, addr: 0x700000 },
        ],
      });
      const r = await parseBinary("/bin/old", bytes);
      assert.deepEqual(r.packages, []);
      assert.deepEqual(codes(r), ["parse-error"]);
    }
  });

  it("random mutations of a valid binary never throw", async () => {
    let seed = 42;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const base = goElf();
    const start = performance.now();
    for (let i = 0; i < 300; i++) {
      const bytes = Buffer.from(base);
      for (let k = 0; k < 1 + (i % 8); k++) bytes[rand() % bytes.length] = rand() & 0xff;
      bytes.set([0x7f, 0x45, 0x4c, 0x46], 0);
      await parseBinary("/bin/fuzz", bytes);
      await parseRustBinary(bytes);
    }
    assert.ok(performance.now() - start < 10_000);
  });
});
