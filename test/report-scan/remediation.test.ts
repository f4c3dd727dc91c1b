import assert from "node:assert/strict";
import { test } from "node:test";
import { summariseRemediation } from "../../src/report/scan/remediation.js";
import { sampleResult } from "./sample-result.js";

test("per package, the lowest version that clears every fixable finding, ordered by the package's scheme", () => {
  const r = summariseRemediation(sampleResult());
  const byName = Object.fromEntries(r.packages.map((p) => [p.package.name, p]));
  // urllib3: CVE-2023-43804 needs 1.26.17 (the nearest of 1.26.17 / 2.0.6), the other needs 2.5.0.
  assert.equal(byName.urllib3!.upgradeTo, "2.5.0");
  assert.deepEqual(byName.urllib3!.clears, ["PYSEC-2023-192", "PYSEC-2026-1999"]);
  // dpkg order: 3.0.14-1~deb12u1 > 3.0.13-1~deb12u1.
  assert.equal(byName.libssl3!.upgradeTo, "3.0.14-1~deb12u1");
  assert.equal(byName.libssl3!.severity, "critical");
  assert.equal(byName.libssl3!.layer, 0);
  assert.equal(byName.cookie, undefined, "suppressed findings need no remediation");
  assert.equal(byName.tzdata, undefined);
  assert.deepEqual(
    r.packages.map((p) => p.package.name),
    ["libssl3", '<script>alert("x")</script>', "urllib3", "express"],
    "most severe first, then most findings",
  );
});

test("versions are compared with the scheme, never as text (4.10.0 is above 4.9.1)", () => {
  const result = sampleResult();
  const express = result.findings.find((f) => f.package.name === "express")!;
  express.fix.versions = ["4.9.1", "4.10.0"];
  express.package.version = "4.9.0";
  const second = structuredClone(express);
  second.vulnerability.id = "GHSA-aaaa-bbbb-cccc";
  second.fix.versions = ["4.10.0"];
  result.findings.push(second);
  const r = summariseRemediation(result);
  assert.equal(r.packages.find((p) => p.package.name === "express")!.upgradeTo, "4.10.0");
});

test("a finding without a fixed version above the installed one stays open", () => {
  const result = sampleResult();
  const express = result.findings.find((f) => f.package.name === "express")!;
  express.fix.versions = ["4.16.0"];
  const unfixed = structuredClone(express);
  unfixed.vulnerability.id = "GHSA-zzzz-zzzz-zzzz";
  unfixed.fix = { state: "not-fixed", versions: [] };
  result.findings.push(unfixed);
  const p = summariseRemediation(result).packages.find((x) => x.package.name === "express")!;
  assert.equal(p.upgradeTo, undefined);
  assert.deepEqual(p.clears, []);
  assert.deepEqual(p.remaining, ["GHSA-rv95-896h-c2vc", "GHSA-zzzz-zzzz-zzzz"]);
});

test("per layer: how many findings the packages it introduced carry, by severity", () => {
  const layers = summariseRemediation(sampleResult()).layers;
  assert.deepEqual(
    layers.map((l) => [
      l.index,
      l.findings,
      l.packages,
      l.fixable,
      l.bySeverity.critical,
      l.bySeverity.high,
      l.bySeverity.medium,
    ]),
    [
      [0, 4, 2, 4, 1, 1, 2],
      [1, 2, 2, 2, 0, 1, 1],
      [2, 0, 0, 0, 0, 0, 0],
    ],
  );
  assert.equal(layers[1]!.createdBy, "COPY app/ /app/");
});
