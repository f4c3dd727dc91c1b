import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { buildTestDb } from "../helpers/build-test-db.js";
import { sharedImage, skipWithoutShared, vulndata } from "../helpers/feed-slices.js";

/**
 * `drydock scan` and `drydock explain` end to end: formats, --output, the --fail-on gate and
 * every exit code (0 passed, 1 gate failed, 2 usage, 3 target, 4 database). Image A is read
 * once into a CycloneDX SBOM and scanned as `sbom:FILE`; the Alpine image is scanned as is.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
let work = "";
let db = "";
let sbomA = "";

function drydock(args: string[]) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(repoRoot, "src/cli/main.ts"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, CI: "true", DRYDOCK_CACHE_DIR: join(work, "cache"), DRYDOCK_DB: "" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("drydock scan and explain (CLI)", { skip: skipWithoutShared }, () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), "drydock-scan-cli-"));
    db = await buildTestDb(join(work, "db"), [
      vulndata("osv", "npm", "all.zip"),
      vulndata("alpine-secdb", "v3.18"),
    ]);
    sbomA = join(work, "debian-app.cdx.json");
    const made = drydock([
      "sbom",
      sharedImage("debian-app.tar"),
      "--format",
      "cyclonedx-json",
      "--output",
      sbomA,
    ]);
    assert.equal(made.status, 0, made.stderr);
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test("json report follows the contract and --fail-on high exits 1 when a high finding exists", () => {
    const out = join(work, "a.json");
    const r = drydock([
      "scan",
      `sbom:${sbomA}`,
      "--db",
      db,
      "--format",
      "json",
      "--output",
      out,
      "--fail-on",
      "high",
    ]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /--fail-on high: \d+ finding\(s\) at or above high/);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    for (const key of ["schemaVersion", "target", "packages", "findings", "db", "diagnostics"])
      assert.ok(key in doc, key);
    const high = doc.findings.filter((f: { vulnerability: { severity: string } }) =>
      ["high", "critical"].includes(f.vulnerability.severity),
    );
    assert.ok(high.length > 0);
    const f = doc.findings[0];
    assert.deepEqual(Object.keys(f.vulnerability).slice(0, 4), [
      "id",
      "aliases",
      "severity",
      "severitySource",
    ]);
    assert.ok(["id", "name", "version", "type", "purl"].every((k) => k in f.package));
    assert.ok(f.fix.state && Array.isArray(f.fix.versions));
    assert.equal(f.evidence[0].matcher, "npm-matcher");
    assert.equal(
      drydock(["scan", `sbom:${sbomA}`, "--db", db, "--format", "json", "--fail-on", "critical"]).status,
      0,
    );
  });

  test("--fail-on high exits 0 when no finding reaches high (Alpine: secdb gives no severity)", () => {
    const r = drydock([
      "scan",
      sharedImage("alpine-synthetic.tar"),
      "--db",
      db,
      "--format",
      "table",
      "--fail-on",
      "high",
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /CVE-2023-2650/);
    assert.match(r.stdout, /\d+ vulnerabilities in 5 of 15 packages \(unknown \d+\)/);
    assert.match(r.stderr, /warning: Alpine Linux v3\.18 is past its end of life/);
  });

  test("--only-fixed and --ignore-unfixed leave out findings without a fix", () => {
    const all = JSON.parse(
      drydock(["scan", sharedImage("alpine-synthetic.tar"), "--db", db, "-f", "json"]).stdout,
    );
    const fixedOnly = JSON.parse(
      drydock(["scan", sharedImage("alpine-synthetic.tar"), "--db", db, "-f", "json", "--ignore-unfixed"])
        .stdout,
    );
    // secdb lists fixed vulnerabilities only: nothing to hide.
    assert.equal(fixedOnly.findings.length, all.findings.length);
    assert.equal(fixedOnly.settings.onlyFixed, true);
  });

  test("exit codes: 2 usage, 3 target, 4 database", () => {
    const usage = drydock(["scan", `sbom:${sbomA}`, "--db", db, "--format", "yaml"]);
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /^drydock: --format yaml: unknown format/m);
    assert.equal(drydock(["scan", `sbom:${sbomA}`, "--db", db, "--fail-on", "severe"]).status, 2);
    const target = drydock(["scan", join(work, "nope.tar"), "--db", db]);
    assert.equal(target.status, 3, target.stderr);
    const missing = drydock(["scan", `sbom:${sbomA}`, "--db", join(work, "none.db")]);
    assert.equal(missing.status, 4, missing.stderr);
    assert.equal(missing.stderr.split("\n")[0]?.startsWith("drydock: "), true);
    const corrupt = join(work, "corrupt.db");
    writeFileSync(
      corrupt,
      "this is not a database, just some bytes long enough to look like one".repeat(100),
    );
    assert.equal(drydock(["scan", `sbom:${sbomA}`, "--db", corrupt]).status, 4);
    assert.ok(
      !drydock(["scan", `sbom:${sbomA}`, "--db", corrupt]).stderr.includes("    at "),
      "no stack trace",
    );
  });

  test("explain answers in text and json", () => {
    const text = drydock(["explain", `sbom:${sbomA}`, "GHSA-9wv6-86v2-598j", "--db", db]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(
      text.stdout,
      /REPORTED\s+npm path-to-regexp 0\.1\.7 is affected: osv:npm GHSA-9wv6-86v2-598j range/,
    );
    const json = JSON.parse(
      drydock(["explain", `sbom:${sbomA}`, "CVE-2024-45296", "--db", db, "-f", "json"]).stdout,
    );
    assert.equal(json.reported, true);
    assert.ok(json.ids.includes("GHSA-9WV6-86V2-598J"));
    const unknown = drydock(["explain", `sbom:${sbomA}`, "CVE-1999-99999", "--db", db]);
    assert.equal(unknown.status, 0);
    assert.match(
      unknown.stdout,
      /UNKNOWN ID\s+the database has no advisory with the id or alias CVE-1999-99999/,
    );
  });
});
