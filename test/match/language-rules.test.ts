import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { explainInSbom } from "../../src/app/explain.js";
import { runScan } from "../../src/app/scan.js";
import { type AdvisoryReader, openAdvisoryReader } from "../../src/db/index.js";
import { golangMatcher } from "../../src/ecosystems/golang/match.js";
import type { Package, Sbom } from "../../src/model/index.js";
import { buildTestDb } from "../helpers/build-test-db.js";
import {
  cutOsvZip,
  osvPackageNames,
  readZipJson,
  skipWithoutShared,
  vulndata,
} from "../helpers/feed-slices.js";
import { type osvEcosystems, osvRecordAffects } from "../scan/expected-from-feeds.js";
import { pkg, sbomOf } from "./make-sbom.js";

/**
 * Language package rules on real OSV slices: the ecosystem's advisories by normalised name
 * and the ecosystem's scheme; withdrawn records never match; OS-owned packages left to the
 * distro unless asked; Go stdlib from the binary's Go version, toolchain advisories skipped,
 * pseudo-versions ordered; one finding per vulnerability under its CVE; KEV and EPSS attached.
 */

let work = "";
let reader: AdvisoryReader;
const raw = new Map<string, Record<string, unknown>[]>();

const django = pkg({ name: "Django", version: "1.1.2", type: "pypi" });
const jinja = pkg({ name: "Jinja2", version: "3.1.2", type: "pypi" });
const urllib3 = pkg({
  name: "urllib3",
  version: "1.26.12",
  type: "pypi",
  ownedBy: { type: "deb", name: "python3-urllib3", version: "1.26.12-1+deb12u4" },
});
const stdlib = pkg({
  name: "stdlib",
  version: "v1.19.8",
  type: "golang",
  metadata: { goVersion: "go1.19.8", kind: "stdlib" },
});
const xnet = pkg({ name: "golang.org/x/net", version: "v0.7.0", type: "golang" });
const xcrypto = pkg({
  name: "golang.org/x/crypto",
  version: "v0.0.0-20220314234659-1baeb8b81d0d",
  type: "golang",
});
const main = pkg({ name: "example.com/app", version: "(devel)", type: "golang" });
const salt = pkg({ name: "salt", version: "2019.2.0", type: "pypi" });
const expressPkg = pkg({ name: "express", version: "4.17.1", type: "npm" });
const protobuf = pkg({
  name: "com.google.protobuf:protobuf-java",
  version: "3.21.0",
  type: "maven",
  purl: "pkg:maven/com.google.protobuf/protobuf-java@3.21.0",
  metadata: { groupId: "com.google.protobuf", artifactId: "protobuf-java" },
});
const protobufByPurl = pkg({
  name: "protobuf-java",
  version: "3.21.0",
  type: "maven",
  purl: "pkg:maven/com.google.protobuf/protobuf-java@3.21.0",
});
const packages = [
  django,
  jinja,
  salt,
  urllib3,
  stdlib,
  xnet,
  xcrypto,
  main,
  expressPkg,
  protobuf,
  protobufByPurl,
];
const sbom: Sbom = sbomOf(packages);

const osvNameOf = (p: Package) => (p.type === "maven" ? "com.google.protobuf:protobuf-java" : p.name);
const osvEcoOf: Record<string, keyof typeof osvEcosystems> = {
  pypi: "PyPI",
  golang: "Go",
  npm: "npm",
  maven: "Maven",
};
const goNames = new Set(["stdlib", "toolchain", "golang.org/x/net", "golang.org/x/crypto"]);

describe("language package matching rules", { skip: skipWithoutShared }, () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), "drydock-match-lang-"));
    const feeds = join(work, "feeds");
    await cutOsvZip(vulndata("osv", "PyPI", "all.zip"), feeds, "PyPI", (d) =>
      osvPackageNames(d).some((n) => ["django", "jinja2", "urllib3", "salt"].includes(n.toLowerCase())),
    );
    await cutOsvZip(vulndata("osv", "Go", "all.zip"), feeds, "Go", (d) =>
      osvPackageNames(d).some((n) => goNames.has(n)),
    );
    const db = await buildTestDb(join(work, "db"), [
      feeds,
      vulndata("osv", "npm", "all.zip"),
      vulndata("osv", "Maven", "all.zip"),
      vulndata("kev", "known_exploited_vulnerabilities.json"),
      vulndata("epss"),
    ]);
    reader = openAdvisoryReader(db);
    for (const eco of ["PyPI", "Go", "npm", "Maven"]) {
      raw.set(
        eco,
        (await readZipJson(vulndata("osv", eco, "all.zip"))).map((e) => e.doc),
      );
    }
  });
  after(() => {
    reader?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test("findings are every non-withdrawn record whose ranges include the version", async () => {
    const { result } = await runScan(sbom, reader, { includeOsOwned: true });
    for (const p of packages) {
      const eco = osvEcoOf[p.type]!;
      const expected = (raw.get(eco) ?? [])
        .filter((d) => osvRecordAffects(d, eco, osvNameOf(p), p.version) === true)
        .map((d) => String(d.id))
        .sort();
      const actual = [
        ...new Set(
          result.findings
            .filter((f) => f.package.id === p.id)
            .flatMap((f) => f.evidence.map((e) => e.found.advisoryId)),
        ),
      ].sort();
      assert.deepEqual(actual, expected, `${p.type} ${p.name}@${p.version}`);
    }
    assert.ok(
      result.findings.some((f) => f.package.id === xcrypto.id),
      "a pseudo-version is ordered against fixes",
    );
    assert.ok(
      result.findings.some((f) => f.package.id === protobufByPurl.id),
      "Maven coordinates from the purl",
    );
    assert.ok(
      result.diagnostics.some(
        (d) => d.code === "match-unmatchable" && d.message.includes("example.com/app@(devel)"),
      ),
    );
  });

  test("withdrawn records never match, and explain says so", async () => {
    const withdrawn = (raw.get("PyPI") ?? []).find((d) => d.id === "PYSEC-2011-28")!;
    assert.ok(withdrawn.withdrawn);
    // Its range does include 1.1.2: without the rule it would match.
    const ranges = (withdrawn.affected as { ranges: { events: Record<string, string>[] }[] }[])[0]!.ranges;
    assert.ok(ranges.some((r) => r.events.some((e) => e.fixed === "1.1.3")));
    const { result } = await runScan(sbom, reader, {});
    assert.ok(!result.findings.some((f) => f.evidence.some((e) => e.found.advisoryId === "PYSEC-2011-28")));
    const why = await explainInSbom(sbom, "PYSEC-2011-28", reader);
    assert.ok(why.reasons.some((r) => r.kind === "withdrawn" && r.advisoryId === "PYSEC-2011-28"));
  });

  test("names are normalised as the registry does (Jinja2 is jinja2)", async () => {
    const { result } = await runScan(sbom, reader, {});
    assert.ok(result.findings.some((f) => f.package.id === jinja.id));
    for (const f of result.findings.filter((x) => x.package.id === jinja.id))
      assert.equal(f.evidence[0]?.searchedBy.name, "Jinja2");
  });

  test("OS-owned packages are left to the distro unless --include-os-owned", async () => {
    const plain = await runScan(sbom, reader, {});
    assert.ok(!plain.result.findings.some((f) => f.package.id === urllib3.id));
    assert.equal(plain.outcome.skipped.find((s) => s.pkg.id === urllib3.id)?.reason, "os-owned");
    const asked = await runScan(sbom, reader, { includeOsOwned: true });
    assert.ok(asked.result.findings.some((f) => f.package.id === urllib3.id));
  });

  test("Go: stdlib at the binary's Go version; toolchain advisories are skipped", async () => {
    const { result } = await runScan(sbom, reader, {});
    const std = result.findings.filter((f) => f.package.id === stdlib.id);
    assert.ok(std.length > 0);
    const toolchain = await reader.find([{ ecosystem: "golang", name: "toolchain" }]);
    assert.ok(toolchain.length > 0);
    for (const hit of toolchain) {
      const affected = hit.advisory.affected[0]!;
      const j = golangMatcher.judge(
        stdlib,
        {
          advisory: hit.advisory,
          affected,
          query: { ecosystem: "golang", name: "stdlib", kind: "exact-direct", version: "v1.19.8" },
        },
        "golang",
      );
      assert.equal(j.verdict, "skipped");
    }
  });

  test("one finding per vulnerability under its CVE, aliases kept; KEV and EPSS attached", async () => {
    const { result } = await runScan(sbom, reader, {});
    // GO-2023-2102 (HTTP/2 rapid reset in x/net): reported under its CVE, GO- and GHSA- ids as aliases.
    const rapidReset = result.findings.find(
      (f) => f.package.id === xnet.id && f.vulnerability.aliases.includes("GO-2023-2102"),
    );
    assert.ok(rapidReset, "x/net v0.7.0 is affected by GO-2023-2102");
    assert.equal(rapidReset.vulnerability.id, "CVE-2023-39325");
    assert.ok(rapidReset.vulnerability.aliases.includes("GHSA-4374-p667-p6c8"));
    assert.ok(typeof rapidReset.vulnerability.epss?.score === "number", "EPSS attached");
    // salt 2019.2.0: CVE-2020-11651 is in CISA's KEV catalog.
    const kev = result.findings.find(
      (f) => f.package.id === salt.id && f.vulnerability.id === "CVE-2020-11651",
    );
    assert.ok(kev?.vulnerability.kev?.dateAdded, "KEV attached");
    for (const f of result.findings) {
      const cves = [f.vulnerability.id, ...f.vulnerability.aliases].filter((i) => i.startsWith("CVE-"));
      if (cves.length > 0)
        assert.ok(f.vulnerability.id.startsWith("CVE-"), `${f.vulnerability.id} has a CVE alias`);
    }
    const keys = result.findings.map((f) => `${f.package.id}|${f.vulnerability.id}`);
    assert.equal(new Set(keys).size, keys.length);
    // GHSA's own rating is the ecosystem's and wins.
    const express = result.findings.filter((f) => f.package.id === expressPkg.id);
    assert.ok(express.length > 0);
    for (const f of express) assert.equal(f.vulnerability.severitySource, "osv:npm");
  });
});
