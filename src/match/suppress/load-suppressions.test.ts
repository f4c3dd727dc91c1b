import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { isDrydockError } from "../../model/index.js";
import { loadSuppressions } from "./load-suppressions.js";

const dir = mkdtempSync(join(tmpdir(), "drydock-suppress-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("the default .drydock-ignore.yaml is read from the working directory when present, skipped when absent", async () => {
  const empty = await loadSuppressions({ cwd: dir });
  assert.deepEqual(empty, { rules: [], vex: [], diagnostics: [] });
  writeFileSync(
    join(dir, ".drydock-ignore.yaml"),
    "rules:\n  - vulnerability: CVE-2024-47764\n    reason: r\n",
  );
  const found = await loadSuppressions({ cwd: dir });
  assert.deepEqual(
    found.rules.map((r) => [r.file, r.vulnerability]),
    [[".drydock-ignore.yaml", "CVE-2024-47764"]],
  );
});

test("an explicit --ignore-file or --vex that is missing is a configuration error naming it", async () => {
  for (const opts of [{ ignoreFile: "nope.yaml" }, { vexFiles: ["nope.vex.json"] }]) {
    await assert.rejects(
      loadSuppressions({ cwd: dir, ...opts }),
      (e) =>
        isDrydockError(e) &&
        e.code === "DRYDOCK_CONFIG_INVALID" &&
        /nope\.(yaml|vex\.json): cannot be read: no such file/.test(e.message),
    );
  }
  await assert.rejects(loadSuppressions({ cwd: dir, ignoreFile: "." }), /is a directory/);
});

test("VEX files are read in order, relative to the working directory", async () => {
  writeFileSync(
    join(dir, "a.vex.json"),
    JSON.stringify({
      "@context": "https://openvex.dev/ns/v0.2.0",
      "@id": "a",
      author: "a",
      timestamp: "2026-01-01T00:00:00Z",
      version: 1,
      statements: [{ vulnerability: { name: "CVE-1" }, products: [{ "@id": "pkg:npm/a" }], status: "fixed" }],
    }),
  );
  writeFileSync(
    join(dir, "b.cdx.json"),
    JSON.stringify({
      bomFormat: "CycloneDX",
      vulnerabilities: [
        { id: "CVE-2", analysis: { state: "not_affected" }, affects: [{ ref: "pkg:npm/b" }] },
      ],
    }),
  );
  const out = await loadSuppressions({
    cwd: dir,
    vexFiles: ["a.vex.json", "b.cdx.json"],
    ignoreFile: join(dir, ".drydock-ignore.yaml"),
  });
  assert.deepEqual(
    out.vex.map((s) => [s.file, s.format, s.vulnerability.id]),
    [
      ["a.vex.json", "openvex", "CVE-1"],
      ["b.cdx.json", "cyclonedx", "CVE-2"],
    ],
  );
  writeFileSync(join(dir, "bad.yaml"), "rules:\n  - reason: x\n");
  await assert.rejects(
    loadSuppressions({ cwd: dir, ignoreFile: "bad.yaml" }),
    /ignore file bad\.yaml: rule 1: needs at least one of/,
  );
});
