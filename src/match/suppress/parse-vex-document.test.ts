import assert from "node:assert/strict";
import { test } from "node:test";
import { isDrydockError } from "../../model/index.js";
import { parseVexDocument } from "./parse-vex-document.js";

const openvex = (statements: unknown) =>
  JSON.stringify({
    "@context": "https://openvex.dev/ns/v0.2.0",
    "@id": "x",
    author: "a",
    timestamp: "2026-01-01T00:00:00Z",
    version: 1,
    statements,
  });

for (const [name, text, cause] of [
  ["not JSON", "{", /VEX file v\.json: not valid JSON/],
  ["a JSON array", "[]", /not a JSON object/],
  ["an unknown format", '{"document": {"category": "csaf_vex"}}', /neither OpenVEX .* nor CycloneDX/],
  ["statements not a list", openvex({}), /"statements" must be a list/],
  [
    "a statement without vulnerability name",
    openvex([{ vulnerability: {}, status: "fixed" }]),
    /statement 1: vulnerability\.name is required/,
  ],
  [
    "an unknown status",
    openvex([{ vulnerability: { name: "CVE-1" }, status: "wontfix" }]),
    /statement 1: status "wontfix" is not one of/,
  ],
  [
    "aliases not strings",
    openvex([{ vulnerability: { name: "CVE-1", aliases: [1] }, status: "fixed" }]),
    /aliases must be a list of strings/,
  ],
  [
    "a CycloneDX vulnerability without id",
    JSON.stringify({ bomFormat: "CycloneDX", vulnerabilities: [{ analysis: { state: "resolved" } }] }),
    /vulnerabilities\[0\]\.id is required/,
  ],
  [
    "a CycloneDX unknown state",
    JSON.stringify({
      bomFormat: "CycloneDX",
      vulnerabilities: [{ id: "CVE-1", analysis: { state: "fine" }, affects: [] }],
    }),
    /analysis\.state "fine" is not a CycloneDX analysis state/,
  ],
  [
    "a CycloneDX affect without ref",
    JSON.stringify({
      bomFormat: "CycloneDX",
      vulnerabilities: [{ id: "CVE-1", analysis: { state: "resolved" }, affects: [{}] }],
    }),
    /affects\[0\]\.ref is required/,
  ],
] as const) {
  test(`a malformed VEX file is refused with DRYDOCK_CONFIG_INVALID: ${name}`, () => {
    assert.throws(
      () => parseVexDocument(text, "v.json"),
      (e) =>
        isDrydockError(e) &&
        e.code === "DRYDOCK_CONFIG_INVALID" &&
        e.message.startsWith("VEX file v.json: ") &&
        cause.test(e.message),
    );
  });
}

test("products that are not purls, and statements without products, are diagnostics, not errors", () => {
  const { statements, diagnostics } = parseVexDocument(
    openvex([
      {
        vulnerability: { name: "CVE-1" },
        products: [{ "@id": "cpe:2.3:a:x:y:1:*:*:*:*:*:*:*" }],
        status: "fixed",
      },
      { vulnerability: { name: "CVE-2" }, status: "fixed" },
    ]),
    "v.json",
  );
  assert.equal(statements.length, 2);
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ["vex-product-unmatchable", "vex-statement-no-product", "vex-statement-no-product"],
  );
  assert.ok(diagnostics.every((d) => d.file === "v.json"));
});

test("CycloneDX vulnerabilities without analysis are not statements; version ranges are reported", () => {
  const { statements, diagnostics } = parseVexDocument(
    JSON.stringify({
      bomFormat: "CycloneDX",
      specVersion: "1.6",
      vulnerabilities: [
        { id: "CVE-1", affects: [{ ref: "pkg:npm/a" }] },
        {
          id: "CVE-2",
          analysis: { state: "resolved" },
          affects: [{ ref: "pkg:npm/a", versions: [{ range: "vers:npm/<1.0.0" }] }],
        },
      ],
    }),
    "b.json",
  );
  assert.deepEqual(
    statements.map((s) => [s.vulnerability.id, s.status, s.products.length]),
    [["CVE-2", "fixed", 0]],
  );
  assert.match(diagnostics[0]!.message, /version ranges .* are not evaluated/);
});
