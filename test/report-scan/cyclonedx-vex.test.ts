import assert from "node:assert/strict";
import { test } from "node:test";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { formatCycloneDxVex } from "../../src/report/scan/cyclonedx-vex.js";
import { sampleResult } from "./sample-result.js";

const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot6);

interface CdxVuln {
  "bom-ref": string;
  id: string;
  source: { name: string; url?: string };
  references?: { id: string; source: { name: string } }[];
  ratings: { source: { name: string }; score?: number; severity: string; method: string; vector?: string }[];
  cwes?: number[];
  recommendation?: string;
  analysis?: { state?: string; justification?: string; response?: string[]; detail?: string };
  affects: { ref: string; versions: { version: string; status: string }[] }[];
}

test("CycloneDX 1.6 with vulnerabilities validates (strict), and the validator does catch mistakes", async () => {
  const json = formatCycloneDxVex(sampleResult());
  assert.equal(await validator.validate(json), null);
  const broken = JSON.parse(json);
  broken.vulnerabilities[0].analysis = { state: "ignored" };
  assert.notEqual(await validator.validate(JSON.stringify(broken)), null);
});

test("components come from the SBOM; every vulnerability affects a component by bom-ref", () => {
  const result = sampleResult();
  const doc = JSON.parse(formatCycloneDxVex(result));
  assert.equal(doc.specVersion, "1.6");
  const refs = new Set(doc.components.map((c: { "bom-ref": string }) => c["bom-ref"]));
  for (const p of result.sbom.packages) assert.ok(refs.has(p.id), p.name);
  const vulns: CdxVuln[] = doc.vulnerabilities;
  assert.equal(vulns.length, new Set(result.findings.map((f) => f.vulnerability.id)).size);
  for (const v of vulns) for (const a of v.affects) assert.ok(refs.has(a.ref), `${v.id} → ${a.ref}`);
  const express = vulns.find((v) => v.id === "GHSA-rv95-896h-c2vc")!;
  assert.deepEqual(express.source, {
    name: "GitHub Advisory Database",
    url: "https://github.com/advisories/GHSA-rv95-896h-c2vc",
  });
  assert.deepEqual(express.references, [
    { id: "CVE-2024-29041", source: { name: "NVD", url: "https://nvd.nist.gov/vuln/detail/CVE-2024-29041" } },
  ]);
  assert.deepEqual(express.ratings, [
    {
      source: { name: "ghsa" },
      score: 6.1,
      severity: "medium",
      method: "CVSSv31",
      vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
    },
  ]);
  assert.deepEqual(express.cwes, [601, 1286]);
  assert.equal(express.recommendation, "upgrade express 4.17.1 to 4.19.2.");
  assert.deepEqual(express.affects, [
    { ref: "p-express", versions: [{ version: "4.17.1", status: "affected" }] },
  ]);
  assert.equal(express.analysis, undefined, "an unsuppressed finding has no analysis");
});

test("a rating without score keeps the chosen severity as a rating of its own", () => {
  const vulns: CdxVuln[] = JSON.parse(formatCycloneDxVex(sampleResult())).vulnerabilities;
  assert.deepEqual(vulns.find((v) => v.id === "PYSEC-2026-1999")!.ratings, [
    { source: { name: "osv:PyPI" }, severity: "medium", method: "other" },
  ]);
});

test("VEX suppression becomes an analysis with state and justification; an ignore rule an accepted risk", () => {
  const vulns: CdxVuln[] = JSON.parse(formatCycloneDxVex(sampleResult())).vulnerabilities;
  assert.deepEqual(vulns.find((v) => v.id === "GHSA-pxg6-pf52-xh8x")!.analysis, {
    state: "not_affected",
    justification: "code_not_reachable",
    detail: "app.openvex.json statement 1: cookie names are constants",
  });
  assert.deepEqual(vulns.find((v) => v.id === "CVE-2023-0001")!.analysis, {
    response: ["can_not_fix"],
    detail: "Accepted by .drydock-ignore.yaml rule 2 until 2026-12-31: data only",
  });
});

test("findings of one id with different suppression are separate entries", () => {
  const result = sampleResult();
  const twin = structuredClone(result.findings.find((f) => f.package.name === "express")!);
  twin.package = {
    ...twin.package,
    id: "p-cookie",
    name: "cookie",
    version: "0.4.0",
    purl: "pkg:npm/cookie@0.4.0",
  };
  twin.suppressed = { by: "ignore-rule", reference: "i.yaml rule 1", reason: "r" };
  result.findings.push(twin);
  const vulns: CdxVuln[] = JSON.parse(formatCycloneDxVex(result)).vulnerabilities;
  const entries = vulns.filter((v) => v.id === "GHSA-rv95-896h-c2vc");
  assert.deepEqual(
    entries.map((v) => [v["bom-ref"], v.affects.map((a) => a.ref), v.analysis?.detail ?? null]),
    [
      ["GHSA-rv95-896h-c2vc", ["p-express"], null],
      ["GHSA-rv95-896h-c2vc#2", ["p-cookie"], "Accepted by i.yaml rule 1: r"],
    ],
  );
});

test("feed references that are not web URLs are not carried as advisories", () => {
  const vulns: CdxVuln[] & { advisories?: { url: string }[] }[] = JSON.parse(
    formatCycloneDxVex(sampleResult()),
  ).vulnerabilities;
  const evil = vulns.find((v) => v.id.startsWith("GHSA-xxxx")) as unknown as {
    advisories: { url: string }[];
  };
  assert.deepEqual(evil.advisories, [{ url: "https://example.com/advisory?a=1&b=%3C2%3E" }]);
});
