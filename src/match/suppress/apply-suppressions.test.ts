import assert from "node:assert/strict";
import { test } from "node:test";
import type { TargetInfo } from "../../model/index.js";
import { applySuppressions } from "./apply-suppressions.js";
import { makeFinding } from "./fixtures/make-finding.js";
import { parseIgnoreFile } from "./parse-ignore-file.js";
import { parseVexDocument } from "./parse-vex-document.js";

const now = new Date("2026-02-01T12:00:00Z");
const rules = (yaml: string) => parseIgnoreFile(yaml, "ignore.yaml");
const openVex = (statements: unknown[], timestamp = "2026-01-10T00:00:00Z") =>
  parseVexDocument(
    JSON.stringify({
      "@context": "https://openvex.dev/ns/v0.2.0",
      "@id": "https://example.com/vex/1",
      author: "Example Security",
      timestamp,
      version: 1,
      statements,
    }),
    "app.openvex.json",
  ).statements;

test("a rule by vulnerability id or alias suppresses; the finding is marked, never removed", () => {
  const findings = [
    makeFinding({}),
    makeFinding({ name: "send", id: "GHSA-m6fv-jmcg-4jfg", aliases: ["CVE-2024-43799"] }),
  ];
  for (const id of ["GHSA-pxg6-pf52-xh8x", "cve-2024-47764"]) {
    const out = applySuppressions(findings, {
      rules: rules(`rules:\n  - vulnerability: ${id}\n    reason: not reachable\n    expires: 2026-02-01\n`),
      vex: [],
      now,
    });
    assert.equal(out.findings.length, 2);
    assert.deepEqual(out.findings[0]!.suppressed, {
      by: "ignore-rule",
      reference: "ignore.yaml rule 1",
      reason: "not reachable",
      expires: "2026-02-01",
    });
    assert.equal(out.findings[1]!.suppressed, undefined);
    assert.deepEqual(out.diagnostics, []);
    assert.equal(findings[0]!.suppressed, undefined, "the input is not mutated");
  }
});

test("an expired rule stops suppressing and says so; the day named is the last day it holds", () => {
  const ruleSet = rules(
    "rules:\n  - vulnerability: CVE-2024-47764\n    reason: accepted until the upgrade\n    expires: 2026-01-31\n",
  );
  const before = applySuppressions([makeFinding({})], {
    rules: ruleSet,
    vex: [],
    now: new Date("2026-01-31T23:59:59Z"),
  });
  assert.equal(before.findings[0]!.suppressed?.by, "ignore-rule");
  const after = applySuppressions([makeFinding({})], {
    rules: ruleSet,
    vex: [],
    now: new Date("2026-02-01T00:00:00Z"),
  });
  assert.equal(after.findings[0]!.suppressed, undefined);
  assert.deepEqual(after.diagnostics, [
    {
      code: "ignore-rule-expired",
      level: "warning",
      message: "ignore rule 1 for CVE-2024-47764 expired on 2026-01-31: it no longer suppresses 1 finding",
      file: "ignore.yaml",
      source: "ignore-file",
    },
  ]);
});

test("an expired rule does not hide a later rule that still holds", () => {
  const out = applySuppressions([makeFinding({})], {
    rules: rules(
      "rules:\n  - vulnerability: CVE-2024-47764\n    reason: old\n    expires: 2025-12-31\n  - package:\n      name: cookie\n    reason: new\n",
    ),
    vex: [],
    now,
  });
  assert.equal(out.findings[0]!.suppressed?.reference, "ignore.yaml rule 2");
  assert.deepEqual(
    out.diagnostics.map((d) => d.code),
    ["ignore-rule-expired"],
  );
});

test("every selector of a rule must match: package, version by scheme, purl pattern, path glob, fix state", () => {
  const cases: [string, boolean][] = [
    ["package:\n      name: cookie\n      type: npm", true],
    ["package:\n      name: cookie\n      type: pypi", false],
    ["package:\n      version: 0.4.0", true],
    ["package:\n      version: 0.4.1", false],
    ["package:\n      purl: pkg:npm/cookie", true],
    ["package:\n      purl: pkg:npm/cookie@0.4.0", true],
    ["package:\n      purl: pkg:npm/cookie@0.5.0", false],
    ["package:\n      purl: pkg:npm/%40scope/cookie", false],
    ["path: /app/node_modules/**", true],
    ["path: app/node_modules/cookie/*", true],
    ["path: /usr/**", false],
    ["fix-state: fixed", true],
    ["fix-state: not-fixed", false],
    ["vulnerability: CVE-2024-47764\n    path: /usr/**", false],
  ];
  for (const [selector, expected] of cases) {
    const out = applySuppressions([makeFinding({})], {
      rules: rules(`rules:\n  - ${selector}\n    reason: r\n`),
      vex: [],
      now,
    });
    assert.equal(out.findings[0]!.suppressed !== undefined, expected, selector);
  }
});

test("versions compare with the package's scheme: PyPI 1.26.12 equals 1.26.12.0; qualifiers only when given", () => {
  const urllib3 = makeFinding({ name: "urllib3", version: "1.26.12", type: "pypi", id: "PYSEC-2023-192" });
  const deb = makeFinding({
    name: "libssl3",
    type: "deb",
    version: "3.0.22-1~deb12u2",
    purl: "pkg:deb/debian/libssl3@3.0.22-1~deb12u2?arch=amd64&distro=debian-12",
  });
  const hit = (finding: ReturnType<typeof makeFinding>, selector: string) =>
    applySuppressions([finding], { rules: rules(`rules:\n  - ${selector}\n    reason: r\n`), vex: [], now })
      .findings[0]!.suppressed !== undefined;
  assert.equal(hit(urllib3, "package:\n      version: 1.26.12.0"), true);
  assert.equal(hit(urllib3, "package:\n      purl: pkg:pypi/urllib3@1.26.12.0"), true);
  assert.equal(
    hit(urllib3, "package:\n      purl: pkg:pypi/URLlib3"),
    true,
    "PyPI names are case-insensitive in purls",
  );
  assert.equal(hit(deb, "package:\n      purl: pkg:deb/libssl3"), true, "OS namespaces are vendor labels");
  assert.equal(hit(deb, "package:\n      purl: pkg:deb/debian/libssl3?arch=amd64"), true);
  assert.equal(hit(deb, "package:\n      purl: pkg:deb/debian/libssl3?arch=arm64"), false);
  assert.equal(hit(deb, "package:\n      purl: pkg:deb/ubuntu/libssl3"), false);
  assert.equal(hit(deb, "package:\n      version: 3.0.22-1~deb12u3"), false);
});

test("an unexpired rule that matches nothing is reported as unused", () => {
  const out = applySuppressions([makeFinding({})], {
    rules: rules("rules:\n  - vulnerability: CVE-1999-0001\n    reason: r\n"),
    vex: [],
    now,
  });
  assert.deepEqual(
    out.diagnostics.map((d) => [d.code, d.level, d.message]),
    [["ignore-rule-unused", "info", "ignore rule 1 for CVE-1999-0001 matched no finding"]],
  );
});

test("OpenVEX not_affected and fixed suppress by id or alias and purl; the statement is the reference", () => {
  const vex = openVex([
    {
      "@id": "https://example.com/vex/1#cookie",
      vulnerability: { name: "CVE-2024-47764" },
      products: [{ "@id": "pkg:npm/cookie@0.4.0" }],
      status: "not_affected",
      justification: "vulnerable_code_not_in_execute_path",
      impact_statement: "cookie names are constants",
    },
    {
      vulnerability: { name: "GHSA-m6fv-jmcg-4jfg", aliases: ["CVE-2024-43799"] },
      products: [{ identifiers: { purl: "pkg:npm/send" } }],
      status: "fixed",
    },
    {
      vulnerability: { name: "CVE-2024-29041" },
      products: [{ "@id": "pkg:npm/express" }],
      status: "affected",
      action_statement: "upgrade",
    },
  ]);
  const findings = [
    makeFinding({}),
    makeFinding({ name: "send", version: "0.17.1", id: "GHSA-m6fv-jmcg-4jfg", aliases: ["CVE-2024-43799"] }),
    makeFinding({
      name: "express",
      version: "4.17.1",
      id: "GHSA-rv95-896h-c2vc",
      aliases: ["CVE-2024-29041"],
    }),
    makeFinding({ version: "0.3.1" }),
  ];
  const out = applySuppressions(findings, { rules: [], vex, now });
  assert.deepEqual(out.findings[0]!.suppressed, {
    by: "vex",
    reference: "app.openvex.json statement 1 (https://example.com/vex/1#cookie)",
    reason: "not_affected: vulnerable_code_not_in_execute_path (cookie names are constants)",
  });
  assert.deepEqual(out.findings[1]!.suppressed, {
    by: "vex",
    reference: "app.openvex.json statement 2",
    reason: "fixed",
  });
  assert.equal(out.findings[2]!.suppressed, undefined, "affected does not suppress");
  assert.equal(out.findings[3]!.suppressed, undefined, "another version is not covered");
});

test("OpenVEX: the newest statement decides; a later `affected` re-opens an older `not_affected`", () => {
  const statement = (status: string, timestamp: string) => ({
    vulnerability: { name: "CVE-2024-47764" },
    products: [{ "@id": "pkg:npm/cookie" }],
    status,
    timestamp,
    ...(status === "not_affected" ? { justification: "component_not_present" } : {}),
    ...(status === "affected" ? { action_statement: "upgrade to 0.7.0" } : {}),
  });
  const reopened = openVex([
    statement("not_affected", "2026-01-01T00:00:00Z"),
    statement("affected", "2026-01-20T00:00:00Z"),
  ]);
  assert.equal(
    applySuppressions([makeFinding({})], { rules: [], vex: reopened, now }).findings[0]!.suppressed,
    undefined,
  );
  const settled = openVex([
    statement("affected", "2026-01-20T00:00:00Z"),
    statement("not_affected", "2026-01-25T00:00:00Z"),
  ]);
  assert.equal(
    applySuppressions([makeFinding({})], { rules: [], vex: settled, now }).findings[0]!.suppressed?.by,
    "vex",
  );
});

test("OpenVEX: an image product covers its subcomponents only when it names the scanned image", () => {
  const target: TargetInfo = {
    input: "hello-image.tar",
    ref: "drydock.example/hello:1.0",
    configDigest: `sha256:${"c".repeat(64)}`,
  };
  const vex = (product: string, subcomponents?: string[]) =>
    openVex([
      {
        vulnerability: { name: "CVE-2024-47764" },
        products: [
          {
            "@id": product,
            ...(subcomponents ? { subcomponents: subcomponents.map((s) => ({ "@id": s })) } : {}),
          },
        ],
        status: "not_affected",
        justification: "vulnerable_code_not_in_execute_path",
      },
    ]);
  const hit = (statements: ReturnType<typeof vex>, t: TargetInfo | null = target) =>
    applySuppressions([makeFinding({})], { rules: [], vex: statements, now, ...(t ? { target: t } : {}) })
      .findings[0]!.suppressed !== undefined;
  assert.equal(hit(vex("pkg:oci/hello", ["pkg:npm/cookie"])), true);
  assert.equal(hit(vex(`pkg:oci/hello@sha256%3A${"c".repeat(64)}`, ["pkg:npm/cookie@0.4.0"])), true);
  assert.equal(hit(vex("pkg:oci/hello?repository_url=drydock.example/hello", ["pkg:npm/cookie"])), true);
  assert.equal(hit(vex("pkg:oci/hello", ["pkg:npm/send"])), false, "another subcomponent");
  assert.equal(hit(vex("pkg:oci/other", ["pkg:npm/cookie"])), false, "another image");
  assert.equal(
    hit(vex(`pkg:oci/hello@sha256%3A${"d".repeat(64)}`, ["pkg:npm/cookie"])),
    false,
    "another digest",
  );
  assert.equal(hit(vex("pkg:oci/hello", ["pkg:npm/cookie"]), null), false, "no target known");
  assert.equal(hit(vex("pkg:oci/hello")), true, "the whole image is not affected");
});

test("OpenVEX v0.0.1 string forms are read too", () => {
  const vex = openVex([
    {
      vulnerability: "CVE-2024-47764",
      products: ["pkg:npm/cookie@0.4.0"],
      status: "not_affected",
      justification: "component_not_present",
    },
  ]);
  assert.equal(
    applySuppressions([makeFinding({})], { rules: [], vex, now }).findings[0]!.suppressed?.by,
    "vex",
  );
});

test("CycloneDX VEX: refs resolve through bom-refs, BOM-Links or purls; states map to suppression", () => {
  const doc = (state: string, affects: unknown[], extra: Record<string, unknown> = {}) =>
    parseVexDocument(
      JSON.stringify({
        bomFormat: "CycloneDX",
        specVersion: "1.6",
        version: 1,
        components: [
          {
            type: "library",
            name: "cookie",
            version: "0.4.0",
            "bom-ref": "c1",
            purl: "pkg:npm/cookie@0.4.0",
          },
        ],
        vulnerabilities: [
          {
            id: "CVE-2024-47764",
            references: [{ id: "GHSA-pxg6-pf52-xh8x", source: { name: "GitHub" } }],
            analysis: { state, detail: "checked by the app team", ...extra },
            affects,
          },
        ],
      }),
      "bom.cdx.json",
    ).statements;
  const suppressed = (statements: ReturnType<typeof doc>) =>
    applySuppressions([makeFinding({ aliases: [] })], { rules: [], vex: statements, now }).findings[0]!
      .suppressed;
  assert.deepEqual(
    suppressed(doc("not_affected", [{ ref: "c1" }], { justification: "code_not_reachable" })),
    {
      by: "vex",
      reference: "bom.cdx.json vulnerability 1",
      reason: "not_affected: code_not_reachable (checked by the app team)",
    },
  );
  assert.equal(
    suppressed(doc("false_positive", [{ ref: "pkg:npm/cookie" }]))?.reason,
    "not_affected: false_positive (checked by the app team)",
  );
  assert.equal(
    suppressed(
      doc("resolved", [{ ref: "urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#c1" }]),
    )?.reason?.startsWith("fixed"),
    true,
  );
  assert.equal(suppressed(doc("resolved", [{ ref: "c1", versions: [{ version: "0.4.0" }] }]))?.by, "vex");
  assert.equal(suppressed(doc("resolved", [{ ref: "c1", versions: [{ version: "0.3.0" }] }])), undefined);
  assert.equal(suppressed(doc("exploitable", [{ ref: "c1" }])), undefined);
  assert.equal(suppressed(doc("in_triage", [{ ref: "c1" }])), undefined);
});

test("the same input and clock always give the same output (pure)", () => {
  const opts = {
    rules: rules("rules:\n  - path: /app/**\n    reason: r\n    expires: 2026-06-01\n"),
    vex: openVex([
      { vulnerability: { name: "CVE-2024-47764" }, products: [{ "@id": "pkg:npm/cookie" }], status: "fixed" },
    ]),
    now,
  };
  const findings = [
    makeFinding({}),
    makeFinding({ name: "ms", version: "2.1.1", id: "GHSA-x", aliases: [] }),
  ];
  assert.deepEqual(applySuppressions(findings, opts), applySuppressions(findings, opts));
  assert.deepEqual(
    applySuppressions(findings, opts).findings.map((f) => f.suppressed?.by),
    ["vex", "ignore-rule"],
  );
});
