import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { importFeeds } from "../../src/app/build-db.js";
import { buildExampleImage } from "../helpers/example-image.js";

/**
 * `drydock scan` with --ignore-file / --vex / the default .drydock-ignore.yaml, spawned as a
 * process: suppressed findings do not count for --fail-on, expired rules stop suppressing,
 * malformed files are configuration errors (exit 2). The example image has one high finding
 * without --include-os-owned: path-to-regexp 0.1.7, CVE-2024-45296 (GHSA-9wv6-86v2-598j).
 */

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const feeds = fileURLToPath(new URL("../../examples/feeds/", import.meta.url));
const example = buildExampleImage();
const work = mkdtempSync(join(tmpdir(), "drydock-suppress-cli-"));
const db = join(work, "advisories.db");

before(async () => {
  await importFeeds([join(feeds, "osv"), join(feeds, "epss")], { db, fresh: true });
});

after(() => {
  example.cleanup();
  rmSync(work, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function drydock(cwd: string, ...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      // tsx resolved here: the child runs in a temp working directory without node_modules.
      ["--import", import.meta.resolve("tsx"), join(repoRoot, "src/cli/main.ts"), ...args],
      { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

const scan = (cwd: string, ...extra: string[]) =>
  drydock(
    cwd,
    "scan",
    example.file,
    "--db",
    db,
    "--format",
    "json",
    "--fail-on",
    "high",
    "--no-layer-cache",
    ...extra,
  );

function rule(expires: string): string {
  return [
    "rules:",
    "  - vulnerability: GHSA-9wv6-86v2-598j",
    "    package:",
    "      purl: pkg:npm/path-to-regexp",
    "    reason: routes are fixed at build time",
    `    expires: ${expires}`,
    "",
  ].join("\n");
}

interface Report {
  findings: {
    vulnerability: { id: string; severity: string };
    suppressed?: { by: string; reference: string };
  }[];
  diagnostics: { code: string; message: string }[];
}

test("--fail-on high: 1 with a high finding, 0 once an unexpired rule suppresses it, 1 again when it has expired", async () => {
  const plain = await scan(work);
  assert.equal(plain.code, 1, plain.stderr);
  assert.match(
    plain.stderr,
    /--fail-on high: 1 finding\(s\) at or above high \(CVE-2024-45296 in path-to-regexp\)/,
  );

  writeFileSync(join(work, "current.yaml"), rule("2999-12-31"));
  const suppressed = await scan(work, "--ignore-file", "current.yaml");
  assert.equal(suppressed.code, 0, suppressed.stderr);
  const report: Report = JSON.parse(suppressed.stdout);
  const high = report.findings.find((f) => f.vulnerability.id === "CVE-2024-45296")!;
  assert.deepEqual(high.suppressed && [high.suppressed.by, high.suppressed.reference], [
    "ignore-rule",
    "current.yaml rule 1",
  ]);

  writeFileSync(join(work, "expired.yaml"), rule("2020-01-31"));
  const expired = await scan(work, "--ignore-file", "expired.yaml");
  assert.equal(expired.code, 1, expired.stderr);
  const after: Report = JSON.parse(expired.stdout);
  assert.equal(after.findings.find((f) => f.vulnerability.id === "CVE-2024-45296")!.suppressed, undefined);
  assert.ok(
    after.diagnostics.some(
      (d) =>
        d.code === "ignore-rule-expired" &&
        d.message ===
          "ignore rule 1 for GHSA-9wv6-86v2-598j expired on 2020-01-31: it no longer suppresses 1 finding",
    ),
    JSON.stringify(after.diagnostics),
  );
});

test("the default .drydock-ignore.yaml of the working directory is used, and a VEX statement suppresses too", async () => {
  const dir = mkdtempSync(join(work, "cwd-"));
  writeFileSync(join(dir, ".drydock-ignore.yaml"), rule("2999-12-31"));
  assert.equal((await scan(dir)).code, 0);

  writeFileSync(
    join(work, "app.openvex.json"),
    JSON.stringify({
      "@context": "https://openvex.dev/ns/v0.2.0",
      "@id": "https://example.com/vex/1",
      author: "app team",
      timestamp: "2026-01-01T00:00:00Z",
      version: 1,
      statements: [
        {
          vulnerability: { name: "CVE-2024-45296" },
          products: [{ "@id": "pkg:npm/path-to-regexp@0.1.7" }],
          status: "not_affected",
          justification: "vulnerable_code_not_in_execute_path",
        },
      ],
    }),
  );
  const vex = await scan(work, "--vex", "app.openvex.json");
  assert.equal(vex.code, 0, vex.stderr);
  const report: Report = JSON.parse(vex.stdout);
  assert.equal(report.findings.find((f) => f.vulnerability.id === "CVE-2024-45296")!.suppressed?.by, "vex");
});

test("a malformed ignore file or VEX, or a missing one, is a one-line configuration error (exit 2)", async () => {
  writeFileSync(join(work, "bad.yaml"), "rules:\n  - vulnerability: CVE-2024-45296\n");
  const bad = await scan(work, "--ignore-file", "bad.yaml");
  assert.equal(bad.code, 2);
  assert.equal(
    bad.stderr.trimEnd().split("\n")[0],
    'drydock: ignore file bad.yaml: rule 1: "reason" is required: say why the finding is accepted',
  );
  assert.doesNotMatch(bad.stderr, /\n\s+at /, "no stack trace");

  writeFileSync(
    join(work, "bad.vex.json"),
    '{"@context": "https://openvex.dev/ns/v0.2.0", "statements": [{"status": "fixed"}]}',
  );
  const badVex = await scan(work, "--vex", "bad.vex.json");
  assert.equal(badVex.code, 2);
  assert.match(
    badVex.stderr,
    /^drydock: VEX file bad\.vex\.json: statement 1 must be an object|^drydock: VEX file bad\.vex\.json: statement 1: vulnerability/,
  );

  const missing = await scan(work, "--vex", "nope.json");
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^drydock: VEX file nope\.json: cannot be read: no such file/);
});

test("--show-suppressed and --format html: the suppressed finding is listed, open", async () => {
  writeFileSync(join(work, "keep.yaml"), rule("2999-12-31"));
  const out = join(work, "report.html");
  const run = await drydock(
    work,
    "scan",
    example.file,
    "--db",
    db,
    "--format",
    "html",
    "--output",
    out,
    "--ignore-file",
    "keep.yaml",
    "--show-suppressed",
    "--no-layer-cache",
  );
  assert.equal(run.code, 0, run.stderr);
  const html = readFileSync(out, "utf8");
  assert.match(html, /<details open><summary><h2 style="display:inline">Suppressed findings \(1\)<\/h2>/);
  assert.match(html, /keep\.yaml rule 1/);
});
