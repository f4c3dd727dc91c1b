import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { explainInSbom } from "../../src/app/explain.js";
import { runScan, scanImage } from "../../src/app/scan.js";
import { openAdvisoryReader } from "../../src/db/index.js";
import type { Finding, Package, Sbom, ScanResult } from "../../src/model/index.js";
import { buildTestDb } from "../helpers/build-test-db.js";
import { readZipJson, sharedImage, skipWithoutShared, vulndata } from "../helpers/feed-slices.js";
import { aliasGroups, type ExpectedRecord, osvEcosystems, osvRecordAffects } from "./expected-from-feeds.js";

/**
 * Must-show: image A (debian-app) scanned with --include-os-owned against a database built by
 * the real importers from the OSV PyPI, Go, npm and Maven zips and Debian's bookworm OVAL.
 * The PyPI, Go (modules and stdlib), npm and Maven findings must be exactly the records whose
 * ranges include the installed versions, computed independently from the raw zips.
 */

type OsvEcosystem = keyof typeof osvEcosystems;
const ecosystemOf: Record<string, OsvEcosystem> = { pypi: "PyPI", golang: "Go", npm: "npm", maven: "Maven" };

let work = "";
let db = "";
let sbom: Sbom;
let result: ScanResult;
const raw = new Map<OsvEcosystem, Record<string, unknown>[]>();

/** Maven coordinates as the feed keys them, read from the purl (independent of the matcher). */
function feedNameOf(p: Package): string {
  if (p.type !== "maven") return p.name;
  const m = /^pkg:maven\/([^/@]+)\/([^/@]+)@/.exec(p.purl);
  return m ? `${decodeURIComponent(m[1]!)}:${decodeURIComponent(m[2]!)}` : p.name;
}

function expectedFor(p: Package): ExpectedRecord[] | undefined {
  const eco = ecosystemOf[p.type];
  if (!eco) return [];
  const out: ExpectedRecord[] = [];
  for (const doc of raw.get(eco) ?? []) {
    const hit = osvRecordAffects(doc, eco, feedNameOf(p), p.version);
    if (hit === undefined) return undefined;
    if (hit) out.push({ id: String(doc.id), aliases: (doc.aliases as string[] | undefined) ?? [] });
  }
  return out;
}

function findingsOf(r: ScanResult, p: Package): Finding[] {
  return r.findings.filter((f) => f.package.id === p.id);
}

describe("image A against OSV and Debian OVAL", { skip: skipWithoutShared }, () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), "drydock-scan-a-"));
    db = await buildTestDb(work, [
      vulndata("osv", "PyPI", "all.zip"),
      vulndata("osv", "Go", "all.zip"),
      vulndata("osv", "npm", "all.zip"),
      vulndata("osv", "Maven", "all.zip"),
      vulndata("debian-oval", "oval-definitions-bookworm.xml.bz2"),
    ]);
    for (const eco of Object.keys(osvEcosystems) as OsvEcosystem[]) {
      raw.set(
        eco,
        (await readZipJson(vulndata("osv", eco, "all.zip"))).map((e) => e.doc),
      );
    }
    result = await scanImage(sharedImage("debian-app.tar"), { db, includeOsOwned: true, layerCache: false });
    sbom = result.sbom;
  });
  after(() => rmSync(work, { recursive: true, force: true }));

  test("PyPI, Go, npm and Maven findings are exactly what the feeds say", (t) => {
    const counts: Record<
      string,
      { packages: number; expectedRecords: number; expectedFindings: number; findings: number }
    > = {};
    for (const p of sbom.packages) {
      const eco = ecosystemOf[p.type];
      if (!eco) continue;
      const c = counts[eco] ?? { packages: 0, expectedRecords: 0, expectedFindings: 0, findings: 0 };
      counts[eco] = c;
      c.packages++;
      const expected = expectedFor(p);
      const findings = findingsOf(result, p);
      c.findings += findings.length;
      if (expected === undefined) {
        // A version no scheme can read ((devel) main modules): nothing applies, and a diagnostic says so.
        assert.equal(findings.length, 0, `${p.name}@${p.version}`);
        assert.ok(
          result.diagnostics.some((d) => d.message.includes(`${p.name}@${p.version}`)),
          `no diagnostic for unmatchable ${p.name}@${p.version}`,
        );
        continue;
      }
      c.expectedRecords += expected.length;
      const groups = aliasGroups(expected);
      c.expectedFindings += groups.length;
      const actualIds = new Set(
        findings.flatMap((f) =>
          f.evidence.filter((e) => e.found.provider.startsWith("osv:")).map((e) => e.found.advisoryId),
        ),
      );
      assert.deepEqual(
        [...actualIds].sort(),
        expected.map((r) => r.id).sort(),
        `${p.type} ${p.name}@${p.version} (${p.locations[0]?.path})`,
      );
      assert.equal(
        findings.length,
        groups.length,
        `one finding per vulnerability for ${p.name}@${p.version}`,
      );
      for (const group of groups) {
        const ids = new Set(group.flatMap((r) => [r.id, ...r.aliases]));
        const f = findings.find((x) => ids.has(x.vulnerability.id));
        assert.ok(f, `no finding reported under an id of ${[...ids].join(", ")}`);
        const cve = [...ids].some((i) => i.startsWith("CVE-"));
        assert.equal(f.vulnerability.id.startsWith("CVE-"), cve, `primary id of ${f.vulnerability.id}`);
        for (const id of ids) if (id !== f.vulnerability.id) assert.ok(f.vulnerability.aliases.includes(id));
      }
    }
    t.diagnostic(`image A expected vs actual: ${JSON.stringify(counts)}`);
    for (const c of Object.values(counts)) assert.equal(c.findings, c.expectedFindings);
    assert.ok(
      (counts.Go?.findings ?? 0) > 0 && (counts.npm?.findings ?? 0) > 0 && (counts.PyPI?.findings ?? 0) > 0,
    );
  });

  test("Go stdlib is matched at the binary's Go version, toolchain advisories never", () => {
    const stdlib = sbom.packages.filter((p) => p.type === "golang" && p.name === "stdlib");
    assert.ok(stdlib.length >= 2);
    for (const p of stdlib) {
      assert.equal(p.version, "v1.19.8");
      const fs = findingsOf(result, p);
      assert.ok(fs.length > 0);
      for (const f of fs) {
        assert.ok(
          f.evidence.every((e) => e.searchedBy.name === "stdlib" && e.searchedBy.version === "v1.19.8"),
        );
      }
    }
    const toolchain = (raw.get("Go") ?? []).filter((d) =>
      ((d.affected as { package: { name: string } }[]) ?? []).every((a) => a.package.name === "toolchain"),
    );
    assert.ok(toolchain.length > 0);
    const reported = new Set(result.findings.flatMap((f) => f.evidence.map((e) => e.found.advisoryId)));
    for (const d of toolchain) assert.ok(!reported.has(String(d.id)), `toolchain advisory ${d.id} reported`);
  });

  test("Debian packages are matched by source package in the bookworm release, vendor states kept", () => {
    const deb = result.findings.filter((f) => f.package.type === "deb");
    assert.ok(deb.length > 0);
    for (const f of deb) {
      const pkg = sbom.packages.find((p) => p.id === f.package.id)!;
      for (const e of f.evidence) {
        assert.equal(e.found.provider, "debian-oval:bookworm");
        assert.equal(e.searchedBy.distro, "debian:12");
        assert.equal(e.searchedBy.name, pkg.source?.name ?? pkg.name);
        assert.equal(e.searchedBy.version, pkg.source?.version ?? pkg.version);
      }
    }
    const open = deb.filter((f) => f.fix.state === "not-fixed");
    assert.ok(open.length > 0, "Debian's open issues are reported as not fixed");
    for (const f of open) assert.deepEqual(f.fix.versions, []);
    const binaryOfOtherSource = deb.find((f) => f.evidence[0]?.kind === "exact-indirect");
    assert.ok(binaryOfOtherSource, "some binary package is matched through its source package");
  });

  test("without --include-os-owned, OS-owned language packages are left to the distro", async () => {
    const reader = openAdvisoryReader(db);
    try {
      const plain = (await runScan(sbom, reader, {})).result;
      const owned = new Set(sbom.packages.filter((p) => p.ownedBy && p.type !== "deb").map((p) => p.id));
      assert.ok(owned.size >= 10);
      assert.equal(plain.findings.filter((f) => owned.has(f.package.id)).length, 0);
      assert.ok(
        result.findings.some((f) => owned.has(f.package.id)),
        "with the flag they are matched",
      );
      // app-gateway is not OS-owned: its Go findings stay.
      assert.ok(plain.findings.some((f) => f.package.type === "golang"));
      assert.ok(plain.diagnostics.some((d) => d.code === "match-os-owned"));
      const onlyFixed = (await runScan(sbom, reader, { onlyFixed: true })).result;
      assert.ok(onlyFixed.findings.every((f) => f.fix.state === "fixed"));
      assert.equal(
        onlyFixed.hidden["only-fixed"],
        plain.findings.filter((f) => f.fix.state !== "fixed").length,
      );
    } finally {
      reader.close();
    }
  });

  test("explain: one reported id and three kinds of unreported ids", async () => {
    const reader = openAdvisoryReader(db);
    try {
      // Reported: path-to-regexp 0.1.7 (npm), asked by its GHSA alias.
      const reported = await explainInSbom(sbom, "GHSA-9wv6-86v2-598j", reader);
      assert.equal(reported.reported, true);
      const r = reported.reasons.find((x) => x.kind === "reported")!;
      assert.equal(r.package?.name, "path-to-regexp");
      assert.equal(r.provider, "osv:npm");
      assert.ok(r.range && r.range.fixed !== undefined);
      // Installed at or above the fix: openssl 3.0.22-1~deb12u2 vs Debian's fix 3.0.9-1.
      const fixed = await explainInSbom(sbom, "CVE-2023-0464", reader);
      assert.equal(fixed.reported, false);
      const f = fixed.reasons.find((x) => x.kind === "fixed" && x.package?.name === "libssl3")!;
      assert.equal(f.installed, "3.0.22-1~deb12u2");
      assert.deepEqual(f.fixedIn, ["3.0.9-1"]);
      assert.equal(f.searchedBy?.name, "openssl");
      // OS-owned: urllib3 1.26.12 belongs to python3-urllib3; PyPI's record would match.
      const owned = await explainInSbom(sbom, "PYSEC-2023-192", reader);
      assert.equal(owned.reported, false);
      const o = owned.reasons.find((x) => x.kind === "os-owned")!;
      assert.equal(o.package?.name, "urllib3");
      assert.equal(o.owner?.name, "python3-urllib3");
      assert.ok(o.owner!.reasons.length > 0);
      // Unknown to the database.
      const unknown = await explainInSbom(sbom, "CVE-1999-99999", reader);
      assert.deepEqual(
        unknown.reasons.map((x) => x.kind),
        ["unknown-id"],
      );
    } finally {
      reader.close();
    }
  });
});
