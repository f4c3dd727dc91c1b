import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deflateSync } from "node:zlib";
import { cargoAuditableCataloger } from "../../src/ecosystems/cargo/catalog/cargo-auditable-cataloger.js";
import { buildElf } from "./helpers/elf-builder.js";
import { auditableElf, parseRustBinary } from "./helpers/parse.js";

const auditJson = {
  packages: [
    { name: "tool", version: "0.3.0", source: "local", dependencies: [1, 2], root: true },
    { name: "serde", version: "1.0.193", source: "crates.io", dependencies: [3] },
    { name: "cc", version: "1.0.83", source: "crates.io", kind: "build" },
    { name: "serde_derive", version: "1.0.193", source: "crates.io", kind: "build" },
    { name: "mystery", version: "0.1.0", source: "git" },
  ],
};

describe("cargo-auditable-cataloger", () => {
  it("selects executables", () => {
    assert.equal(cargoAuditableCataloger.selects.executables, true);
    assert.equal(cargoAuditableCataloger.ecosystem, "cargo");
  });

  for (const v of [
    { bits: 64 as const, littleEndian: true },
    { bits: 32 as const, littleEndian: false },
  ]) {
    it(`reads the .dep-v0 crate list (${v.bits}-bit ${v.littleEndian ? "LE" : "BE"})`, async () => {
      const r = await parseRustBinary(auditableElf(deflateSync(JSON.stringify(auditJson)), v));
      assert.deepEqual(r.diagnostics, []);
      assert.deepEqual(
        r.packages.map((p) => `${p.name}@${p.version}`),
        ["tool@0.3.0", "serde@1.0.193", "cc@1.0.83", "serde_derive@1.0.193", "mystery@0.1.0"],
      );
      const [tool, serde, cc, , mystery] = r.packages;
      assert.equal(tool!.type, "cargo");
      assert.equal(tool!.foundBy, "cargo-auditable-cataloger");
      assert.deepEqual(tool!.metadata, {
        source: "local",
        kind: "runtime",
        root: true,
        dependencies: ["serde@1.0.193", "cc@1.0.83"],
      });
      assert.deepEqual(serde!.metadata?.dependencies, ["serde_derive@1.0.193"]);
      assert.equal(cc!.metadata?.kind, "build");
      assert.equal(mystery!.metadata?.source, "git");
    });
  }

  it("gives nothing for ELF files without .dep-v0 and for non-ELF files", async () => {
    const plain = buildElf({
      bits: 64,
      littleEndian: true,
      sections: [{ name: ".data", data: Buffer.alloc(8), addr: 0x500000 }],
    });
    assert.deepEqual(await parseRustBinary(plain.bytes), { packages: [], diagnostics: [] });
    assert.deepEqual(await parseRustBinary(Buffer.from("#!/bin/sh\n")), { packages: [], diagnostics: [] });
  });

  it("drops entries without name or version with a diagnostic, keeps the rest", async () => {
    const json = {
      packages: [{ name: "ok", version: "1.0.0", source: "crates.io" }, { name: "noversion" }, 7],
    };
    const r = await parseRustBinary(auditableElf(deflateSync(JSON.stringify(json))));
    assert.deepEqual(
      r.packages.map((p) => p.name),
      ["ok"],
    );
    assert.equal(r.diagnostics.length, 1);
    assert.match(r.diagnostics[0]!.message, /2 cargo-auditable entries/);
  });

  it("reports data that is not zlib JSON, or not a package list", async () => {
    for (const payload of [
      Buffer.from("not compressed"),
      deflateSync("{not json"),
      deflateSync('{"crates": []}'),
    ]) {
      const r = await parseRustBinary(auditableElf(payload));
      assert.deepEqual(r.packages, []);
      assert.equal(r.diagnostics.length, 1);
      assert.equal(r.diagnostics[0]!.code, "parse-error");
      assert.equal(r.diagnostics[0]!.file, "/usr/local/bin/tool");
    }
  });

  it("caps decompression: a zlib bomb gives archive-limit", async () => {
    const bomb = deflateSync(Buffer.alloc(8 * 1024 * 1024, 0x20));
    const r = await parseRustBinary(auditableElf(bomb), { maxExpandedBytes: 1024 * 1024 });
    assert.deepEqual(r.packages, []);
    assert.equal(r.diagnostics[0]?.code, "archive-limit");
  });
});
