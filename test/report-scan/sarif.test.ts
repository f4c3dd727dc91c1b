import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { Ajv } from "ajv";
import ajvFormats from "ajv-formats";
import type { Log } from "sarif";
import { buildSarifLog, formatSarif } from "../../src/report/scan/sarif.js";
import { sampleResult } from "./sample-result.js";

const schema = JSON.parse(
  readFileSync(new URL("../fixtures/schemas/sarif-schema-2.1.0.json", import.meta.url), "utf8"),
);
// The published schema's `language` pattern has a stray `]` that only non-unicode regexps accept.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
ajvFormats.default(ajv);
const validate = ajv.compile(schema);

test("SARIF validates against the official SARIF 2.1.0 schema, and the schema does catch mistakes", () => {
  const log = JSON.parse(formatSarif(sampleResult()));
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
  const broken = JSON.parse(JSON.stringify(log));
  broken.runs[0].results[0].level = "critical";
  assert.equal(validate(broken), false);
  const broken2 = JSON.parse(JSON.stringify(log));
  broken2.runs[0].results[1].suppressions = [{ status: "accepted" }];
  assert.equal(validate(broken2), false, "a suppression without kind is refused");
});

test("one rule per vulnerability id, with GitHub's numeric security-severity, tags and help", () => {
  const log: Log = buildSarifLog(sampleResult());
  const run = log.runs[0]!;
  const rules = run.tool.driver.rules!;
  const ids = rules.map((r) => r.id);
  assert.deepEqual(ids, [...new Set(sampleResult().findings.map((f) => f.vulnerability.id))].sort());
  const critical = rules.find((r) => r.id === "CVE-2024-5535")!;
  assert.equal(critical.properties!["security-severity"], "9.1", "the chosen source's CVSS score");
  assert.equal(critical.helpUri, "https://nvd.nist.gov/vuln/detail/CVE-2024-5535");
  assert.deepEqual(critical.properties!.tags, ["security", "vulnerability", "critical"]);
  const express = rules.find((r) => r.id === "GHSA-rv95-896h-c2vc")!;
  assert.equal(express.helpUri, "https://github.com/advisories/GHSA-rv95-896h-c2vc");
  assert.deepEqual(express.properties!.tags, ["security", "vulnerability", "medium", "CWE-1286", "CWE-601"]);
  const noScore = rules.find((r) => r.id === "PYSEC-2026-1999")!;
  assert.equal(
    noScore.properties!["security-severity"],
    "5.5",
    "a score inside the medium band when no source scored it",
  );
  for (const r of rules) {
    const s = Number(r.properties!["security-severity"]);
    assert.ok(s >= 0 && s <= 10, `${r.id}: ${s}`);
  }
  assert.match(express.help!.markdown!, /\| express \| 4\.17\.1 \| 4\.19\.2 \| medium \|/);
});

test("one result per finding: level from severity, message with package and versions, relative image path", () => {
  const result = sampleResult();
  const run = buildSarifLog(result).runs[0]!;
  const results = run.results!;
  assert.equal(results.length, result.findings.length);
  for (const r of results)
    assert.equal(run.tool.driver.rules![r.ruleIndex!]!.id, r.ruleId, "ruleIndex points at its rule");
  const critical = results.find((r) => r.ruleId === "CVE-2024-5535")!;
  assert.equal(critical.level, "error");
  assert.match(
    critical.message.text!,
    /^libssl3 3\.0\.11-1~deb12u1 \(deb\) is affected by CVE-2024-5535, severity critical\. Fixed in 3\.0\.14-1~deb12u1\./,
  );
  assert.deepEqual(critical.locations![0]!.physicalLocation!.artifactLocation, {
    uri: "var/lib/dpkg/status",
    uriBaseId: "ROOTPATH",
  });
  assert.equal(critical.locations![0]!.message!.text, "Layer 0: ADD rootfs.tar / # Debian 12 base");
  assert.equal(results.find((r) => r.ruleId === "GHSA-rv95-896h-c2vc")!.level, "warning");
  assert.equal(results.find((r) => r.ruleId === "CVE-2023-0001")!.level, "note");
  const evil = results.find((r) => r.ruleId?.startsWith("GHSA-xxxx"))!;
  assert.equal(
    evil.locations![0]!.physicalLocation!.artifactLocation!.uri,
    "app/node_modules/%3Cscript%3E/package.json",
  );
  assert.deepEqual(run.originalUriBaseIds!.ROOTPATH!.uri, "file:///");
});

test("suppressed findings stay, with an external, accepted suppression and its justification", () => {
  const results = buildSarifLog(sampleResult()).runs[0]!.results!;
  const vex = results.find((r) => r.ruleId === "GHSA-pxg6-pf52-xh8x")!;
  assert.deepEqual(vex.suppressions, [
    {
      kind: "external",
      status: "accepted",
      justification: "not_affected: vulnerable_code_not_in_execute_path (cookie names are constants)",
      properties: { by: "vex", reference: "app.openvex.json statement 1" },
    },
  ]);
  const rule = results.find((r) => r.ruleId === "CVE-2023-0001")!;
  assert.equal(rule.suppressions![0]!.justification, "data only; expires 2026-12-31");
  assert.equal(results.filter((r) => r.suppressions).length, 2);
});

test("partial fingerprints are stable across rescans and upgrades, and differ between findings", () => {
  const before = sampleResult();
  const after = sampleResult();
  const express = after.findings.find((f) => f.package.name === "express")!;
  express.package.version = "4.18.0";
  const fp = (r: ReturnType<typeof sampleResult>, id: string) =>
    buildSarifLog(r).runs[0]!.results!.find((x) => x.ruleId === id)!.partialFingerprints![
      "drydockFinding/v1"
    ];
  assert.equal(fp(before, "GHSA-rv95-896h-c2vc"), fp(after, "GHSA-rv95-896h-c2vc"));
  const all = buildSarifLog(before).runs[0]!.results!.map((r) => r.partialFingerprints!["drydockFinding/v1"]);
  assert.equal(new Set(all).size, all.length);
});

test("warnings of the scan become tool execution notifications; the output is deterministic", () => {
  const result = sampleResult();
  const invocation = buildSarifLog(result).runs[0]!.invocations![0]!;
  assert.deepEqual(
    invocation.toolExecutionNotifications!.map((n) => n.message.text),
    [
      "/opt/big.bin: skipped: larger than 512 MiB",
      ".drydock-ignore.yaml: ignore rule 1 for CVE-2024-29041 expired on 2026-01-31: it no longer suppresses 1 finding",
    ],
  );
  const shuffled = sampleResult();
  shuffled.findings.reverse();
  assert.equal(formatSarif(shuffled), formatSarif(result));
});
