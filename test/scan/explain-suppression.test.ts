import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { importFeeds } from "../../src/app/build-db.js";
import { catalogImage } from "../../src/app/catalog-image.js";
import { explainInSbom, explainVulnerability } from "../../src/app/explain.js";
import { type AdvisoryReader, openAdvisoryReader } from "../../src/db/index.js";
import { loadSuppressions } from "../../src/match/suppress/index.js";
import type { Explanation, ExplanationReason, Sbom } from "../../src/model/index.js";
import { buildExampleImage } from "../helpers/example-image.js";

/**
 * `drydock explain` with ignore rules and VEX: which rule (reason, expiry) or statement (file,
 * status, justification, date) suppresses an id, that an expired rule no longer does, and VEX
 * statements that cover a finding without suppressing it; plus the table report's
 * --show-suppressed section. The bundled example image is scanned for real against a database
 * the real importers build from examples/feeds. Without --include-os-owned its npm findings
 * are: path-to-regexp 0.1.7 CVE-2024-45296 (GHSA-9wv6-86v2-598j), express 4.17.1
 * CVE-2024-29041 (GHSA-rv95-896h-c2vc), send 0.17.1 CVE-2024-43799 (GHSA-m6fv-jmcg-4jfg),
 * cookie 0.4.0 CVE-2024-47764 (GHSA-pxg6-pf52-xh8x).
 */

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const feeds = fileURLToPath(new URL("../../examples/feeds/", import.meta.url));
const example = buildExampleImage();
const work = mkdtempSync(join(tmpdir(), "drydock-explain-suppression-"));
const db = join(work, "advisories.db");
/** The clock: rules expiring 2026-12-31 hold, rules that expired 2026-01-31 do not. */
const now = new Date("2026-06-01T00:00:00Z");
/** The CLI runs on the real clock: its rule 1 holds for ever, its rule 2 expired long ago. */
const cliIgnoreFile = () =>
  ignoreFile.replace("2026-12-31", "2999-12-31").replace("2026-01-31", "2020-01-31");

const ignoreFile = [
  "rules:",
  "  - vulnerability: GHSA-m6fv-jmcg-4jfg",
  "    package:",
  "      purl: pkg:npm/send",
  "    reason: the app serves no static files through send",
  "    expires: 2026-12-31",
  "  - vulnerability: CVE-2024-29041",
  "    reason: accepted until the express upgrade lands",
  "    expires: 2026-01-31",
  "",
].join("\n");

function openVex(statements: object[]): string {
  return JSON.stringify({
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "https://example.com/vex/app",
    author: "app team",
    timestamp: "2026-05-01T00:00:00Z",
    version: 1,
    statements,
  });
}

const vexFile = openVex([
  {
    "@id": "https://example.com/vex/app#cookie",
    vulnerability: { name: "CVE-2024-47764", aliases: ["GHSA-pxg6-pf52-xh8x"] },
    products: [{ "@id": "pkg:npm/cookie@0.4.0" }],
    status: "not_affected",
    justification: "vulnerable_code_not_in_execute_path",
    impact_statement: "cookie names are constants",
    timestamp: "2026-05-20T10:00:00Z",
  },
  {
    vulnerability: { name: "CVE-2024-45296" },
    products: [{ "@id": "pkg:npm/path-to-regexp" }],
    status: "not_affected",
    justification: "inline_mitigations_already_exist",
    timestamp: "2026-02-01T00:00:00Z",
  },
  {
    vulnerability: { name: "GHSA-9wv6-86v2-598j" },
    products: [{ "@id": "pkg:npm/path-to-regexp@0.1.7" }],
    status: "affected",
    timestamp: "2026-04-01T00:00:00Z",
  },
]);

let sbom: Sbom;
let reader: AdvisoryReader;

before(async () => {
  await importFeeds([join(feeds, "osv"), join(feeds, "epss")], { db, fresh: true });
  writeFileSync(join(work, "team.yaml"), ignoreFile);
  writeFileSync(join(work, "app.openvex.json"), vexFile);
  sbom = await catalogImage(example.file, { layerCache: false });
  reader = openAdvisoryReader(db);
});

after(() => {
  reader?.close();
  example.cleanup();
  rmSync(work, { recursive: true, force: true });
});

async function explainAt(id: string, clock: Date, files: { ignoreFile?: string; vexFiles?: string[] }) {
  const loaded = await loadSuppressions({ cwd: work, ...files });
  return explainInSbom(sbom, id, reader, { suppressions: { ...loaded, now: clock } });
}

function only(e: Explanation, kind: ExplanationReason["kind"]): ExplanationReason {
  const found = e.reasons.filter((r) => r.kind === kind);
  assert.equal(found.length, 1, `one ${kind} reason in ${JSON.stringify(e.reasons.map((r) => r.message))}`);
  return found[0]!;
}

describe("explain: suppression by ignore rules and VEX", () => {
  test("an unexpired ignore rule: which rule, its reason and its expiry", async () => {
    const e = await explainAt("CVE-2024-43799", now, { ignoreFile: "team.yaml" });
    assert.equal(e.reported, false);
    assert.equal(
      e.verdict,
      "CVE-2024-43799 is not reported: suppressed by ignore rule 1 of team.yaml (expires 2026-12-31)",
    );
    const r = only(e, "suppressed");
    assert.equal(r.package?.name, "send");
    assert.deepEqual(r.suppression, {
      by: "ignore-rule",
      reference: "team.yaml rule 1",
      file: "team.yaml",
      index: 1,
      reason: "the app serves no static files through send",
      expires: "2026-12-31",
      expired: false,
    });
    assert.match(
      r.message,
      /^npm send 0\.17\.1 is affected \(osv:npm GHSA-m6fv-jmcg-4jfg range < 0\.19\.0\) but suppressed by ignore rule 1 of team\.yaml: reason "the app serves no static files through send", expires 2026-12-31$/,
    );
  });

  test("an expired rule no longer suppresses: the rule matched, expired on its date, the finding is reported", async () => {
    const e = await explainAt("CVE-2024-29041", now, { ignoreFile: "team.yaml" });
    assert.equal(e.reported, true);
    assert.equal(
      e.verdict,
      "CVE-2024-29041 is reported for 1 package(s): express 4.17.1; ignore rule 2 of team.yaml expired on 2026-01-31",
    );
    assert.equal(only(e, "reported").package?.name, "express");
    const r = only(e, "not-suppressed");
    assert.deepEqual(r.suppression, {
      by: "ignore-rule",
      reference: "team.yaml rule 2",
      file: "team.yaml",
      index: 2,
      reason: "accepted until the express upgrade lands",
      expires: "2026-01-31",
      expired: true,
    });
    assert.equal(
      r.message,
      'ignore rule 2 of team.yaml matches npm express 4.17.1 (reason "accepted until the express upgrade lands") but expired on 2026-01-31, and an expired rule no longer suppresses: the finding is reported',
    );

    // The same rule, judged before its expiry, suppresses.
    const earlier = await explainAt("CVE-2024-29041", new Date("2026-01-31T23:59:59Z"), {
      ignoreFile: "team.yaml",
    });
    assert.equal(earlier.reported, false);
    assert.equal(only(earlier, "suppressed").suppression?.expired, false);
    assert.equal(
      earlier.reasons.some((x) => x.kind === "not-suppressed"),
      false,
    );
  });

  test("a VEX statement: file, status, justification, detail and date", async () => {
    const e = await explainAt("GHSA-pxg6-pf52-xh8x", now, { vexFiles: ["app.openvex.json"] });
    assert.equal(e.reported, false);
    assert.equal(
      e.verdict,
      "GHSA-pxg6-pf52-xh8x is not reported: suppressed by VEX statement 1 of app.openvex.json (https://example.com/vex/app#cookie) (not_affected)",
    );
    const r = only(e, "suppressed");
    assert.equal(r.package?.name, "cookie");
    assert.deepEqual(r.suppression, {
      by: "vex",
      reference: "app.openvex.json statement 1 (https://example.com/vex/app#cookie)",
      file: "app.openvex.json",
      index: 1,
      format: "openvex",
      statementId: "https://example.com/vex/app#cookie",
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
      detail: "cookie names are constants",
      timestamp: "2026-05-20T10:00:00Z",
    });
    assert.match(
      r.message,
      /but suppressed by VEX statement 1 of app\.openvex\.json \(https:\/\/example\.com\/vex\/app#cookie\): status not_affected, justification vulnerable_code_not_in_execute_path, "cookie names are constants", dated 2026-05-20T10:00:00Z$/,
    );
  });

  test("VEX statements that cover a finding but do not suppress it: a newer affected overrides not_affected", async () => {
    const e = await explainAt("CVE-2024-45296", now, { vexFiles: ["app.openvex.json"] });
    assert.equal(e.reported, true);
    const notSuppressed = e.reasons.filter((r) => r.kind === "not-suppressed");
    assert.deepEqual(
      notSuppressed.map((r) => [r.suppression?.index, r.suppression?.status]),
      [
        [2, "not_affected"],
        [3, "affected"],
      ],
    );
    assert.equal(
      notSuppressed[0]!.message,
      "VEX statement 2 of app.openvex.json covers npm path-to-regexp 0.1.7 (status not_affected, justification inline_mitigations_already_exist, dated 2026-02-01T00:00:00Z) but the more recent VEX statement 3 of app.openvex.json decides (status affected, dated 2026-04-01T00:00:00Z): the finding is reported",
    );
    assert.equal(
      notSuppressed[1]!.message,
      "VEX statement 3 of app.openvex.json covers npm path-to-regexp 0.1.7 (status affected, dated 2026-04-01T00:00:00Z) and status affected does not suppress: the finding is reported",
    );
    assert.match(e.verdict, /^CVE-2024-45296 is reported for 1 package\(s\): path-to-regexp 0\.1\.7; /);
  });

  test("an expired rule beside a VEX statement that suppresses: the VEX statement is the reason", async () => {
    writeFileSync(
      join(work, "old.yaml"),
      "rules:\n  - package:\n      name: cookie\n    reason: old exception\n    expires: 2025-12-31\n",
    );
    const e = await explainAt("CVE-2024-47764", now, {
      ignoreFile: "old.yaml",
      vexFiles: ["app.openvex.json"],
    });
    assert.equal(e.reported, false);
    assert.equal(only(e, "suppressed").suppression?.by, "vex");
    assert.match(
      only(e, "not-suppressed").message,
      /^ignore rule 1 of old\.yaml matches npm cookie 0\.4\.0 \(reason "old exception"\) but expired on 2025-12-31, and an expired rule no longer suppresses: the finding is suppressed by VEX app\.openvex\.json statement 1 \(https:\/\/example\.com\/vex\/app#cookie\) instead$/,
    );
  });

  test("explainVulnerability reads the default .drydock-ignore.yaml of cwd; without suppression the id is reported", async () => {
    const dir = join(work, "with-default");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, ".drydock-ignore.yaml"), ignoreFile);
    const e = await explainVulnerability(example.file, "GHSA-m6fv-jmcg-4jfg", {
      db,
      layerCache: false,
      suppression: { cwd: dir, now },
    });
    assert.equal(only(e, "suppressed").suppression?.reference, ".drydock-ignore.yaml rule 1");
    const plain = await explainInSbom(sbom, "GHSA-m6fv-jmcg-4jfg", reader);
    assert.equal(plain.reported, true);
    assert.equal(
      plain.reasons.some((r) => r.suppression !== undefined),
      false,
    );
  });
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
      {
        cwd,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: "1", DRYDOCK_CACHE_DIR: join(work, "cache") },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

describe("drydock explain --ignore-file/--vex and scan --show-suppressed (CLI)", () => {
  test("explain names the rule and the statement, in text and json", async () => {
    const cwd = join(work, "cli");
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, "team.yaml"), cliIgnoreFile());
    writeFileSync(join(cwd, "app.openvex.json"), vexFile);
    const text = await drydock(
      cwd,
      "explain",
      example.file,
      "CVE-2024-43799",
      "--db",
      db,
      "--ignore-file",
      "team.yaml",
      "--no-layer-cache",
    );
    assert.equal(text.code, 0, text.stderr);
    assert.match(
      text.stdout,
      /CVE-2024-43799 is not reported: suppressed by ignore rule 1 of team\.yaml \(expires 2999-12-31\)\n/,
    );
    assert.match(
      text.stdout,
      /\nSUPPRESSED {2}npm send 0\.17\.1 is affected .* but suppressed by ignore rule 1 of team\.yaml/,
    );

    const expired = await drydock(
      cwd,
      "explain",
      example.file,
      "CVE-2024-29041",
      "--db",
      db,
      "--ignore-file",
      "team.yaml",
      "--format",
      "json",
      "--no-layer-cache",
    );
    assert.equal(expired.code, 0, expired.stderr);
    const e: Explanation = JSON.parse(expired.stdout);
    assert.equal(e.reported, true);
    assert.match(e.verdict, /; ignore rule 2 of team\.yaml expired on 2020-01-31$/);
    assert.equal(e.reasons.find((r) => r.kind === "not-suppressed")?.suppression?.expired, true);

    const vex = await drydock(
      cwd,
      "explain",
      example.file,
      "CVE-2024-47764",
      "--db",
      db,
      "--vex",
      "app.openvex.json",
      "--no-layer-cache",
    );
    assert.equal(vex.code, 0, vex.stderr);
    assert.match(
      vex.stdout,
      /suppressed by VEX statement 1 of app\.openvex\.json \(https:\/\/example\.com\/vex\/app#cookie\): status not_affected, justification vulnerable_code_not_in_execute_path, "cookie names are constants", dated 2026-05-20T10:00:00Z/,
    );
  });

  test("explain: a malformed ignore file is a one-line configuration error (exit 2)", async () => {
    writeFileSync(join(work, "bad.yaml"), "rules:\n  - vulnerability: CVE-2024-45296\n");
    const bad = await drydock(
      work,
      "explain",
      example.file,
      "CVE-2024-45296",
      "--db",
      db,
      "--ignore-file",
      "bad.yaml",
    );
    assert.equal(bad.code, 2);
    assert.equal(
      bad.stderr.split("\n")[0],
      'drydock: ignore file bad.yaml: rule 1: "reason" is required: say why the finding is accepted',
    );
    assert.doesNotMatch(bad.stderr, /\n\s+at /, "no stack trace");
  });

  test("scan --format table lists suppressed findings apart only with --show-suppressed", async () => {
    const cwd = join(work, "table");
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(cwd, ".drydock-ignore.yaml"), cliIgnoreFile());
    writeFileSync(join(cwd, "app.openvex.json"), vexFile);
    const args = [
      "scan",
      example.file,
      "--db",
      db,
      "--format",
      "table",
      "--vex",
      "app.openvex.json",
      "--no-layer-cache",
    ];
    const hidden = await drydock(cwd, ...args);
    assert.equal(hidden.code, 0, hidden.stderr);
    assert.doesNotMatch(hidden.stdout, /Suppressed \(/);
    assert.match(hidden.stdout, /; 2 suppressed \(--show-suppressed lists them\)\n$/);

    const shown = await drydock(cwd, ...args, "--show-suppressed");
    assert.equal(shown.code, 0, shown.stderr);
    const [main, section] = shown.stdout.split("\nSuppressed (2)\n");
    assert.ok(section, shown.stdout);
    assert.doesNotMatch(main!, /│ send /, "the suppressed finding is not in the main table");
    assert.match(section, /SUPPRESSED BY/);
    assert.match(
      section,
      /│ send +│ 0\.17\.1 +│ npm +│ CVE-2024-43799 +│ medium +│ ignore file \.drydock-ignore\.yaml rule 1 +│ the app serves no static files through send +│ 2999-12-31 │/,
    );
    assert.match(
      section,
      /│ cookie +│ 0\.4\.0 +│ npm +│ CVE-2024-47764 +│ low +│ VEX app\.openvex\.json statement 1 \(https:\/\/example\.com\/vex\/app#cookie\) +│ not_affected: vulnerable_code_not_in_execute_path/,
    );
    assert.match(shown.stdout, /; 2 suppressed\n$/);
  });
});
