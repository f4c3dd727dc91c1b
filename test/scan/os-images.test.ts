import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { catalogImage } from "../../src/app/catalog-image.js";
import { explainInSbom } from "../../src/app/explain.js";
import { runScan } from "../../src/app/scan.js";
import { type AdvisoryReader, openAdvisoryReader } from "../../src/db/index.js";
import type { Sbom } from "../../src/model/index.js";
import { buildTestDb } from "../helpers/build-test-db.js";
import { sharedImage, skipWithoutShared, vulndata } from "../helpers/feed-slices.js";
import { secdbAffecting } from "./expected-from-feeds.js";

/**
 * Must-show: the Alpine image (3.18.0) against alpine-secdb, and the rpm image (Rocky Linux
 * 9.3) against Rocky 9 OVAL, Red Hat 9 OVAL and AlmaLinux OSV: findings keyed by source
 * package (origin) or binary name as each feed keys it, the image's own release only, vendor
 * states kept. A Rocky image is matched against Rocky's feed only (as Grype and Trivy do):
 * RHEL and AlmaLinux data describe other builds with other release numbers.
 */

let work = "";
let reader: AdvisoryReader;
let alpine: Sbom;
let rocky: Sbom;
const secdb318 = () => [
  vulndata("alpine-secdb", "v3.18", "main.json"),
  vulndata("alpine-secdb", "v3.18", "community.json"),
];

describe("OS images against their distro feeds", { skip: skipWithoutShared }, () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), "drydock-scan-os-"));
    const db = await buildTestDb(work, [
      vulndata("alpine-secdb", "v3.17"),
      vulndata("alpine-secdb", "v3.18"),
      vulndata("alpine-secdb", "v3.20"),
      vulndata("rocky-oval"),
      vulndata("redhat-oval"),
      vulndata("osv", "AlmaLinux", "all.zip"),
    ]);
    reader = openAdvisoryReader(db);
    alpine = await catalogImage(sharedImage("alpine-synthetic.tar"), { layerCache: false });
    rocky = await catalogImage(sharedImage("rpm-synthetic.tar"), { layerCache: false });
  });
  after(() => {
    reader?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test("Alpine findings are exactly what secdb v3.18 says, keyed by origin", async (t) => {
    const { result } = await runScan(alpine, reader, {});
    let expectedTotal = 0;
    for (const p of alpine.packages) {
      const origin = p.source?.name ?? p.name;
      const expected = await secdbAffecting(secdb318(), origin, p.version);
      expectedTotal += expected.size;
      const findings = result.findings.filter((f) => f.package.id === p.id);
      assert.deepEqual(
        findings.map((f) => f.vulnerability.id).sort(),
        [...expected].sort(),
        `${p.name} (origin ${origin})`,
      );
      for (const f of findings) {
        assert.equal(f.evidence.length, 1);
        const e = f.evidence[0]!;
        assert.deepEqual(e.searchedBy, {
          ecosystem: "apk",
          distro: "alpine:3.18",
          name: origin,
          version: p.version,
        });
        assert.equal(e.found.provider, "alpine-secdb");
        assert.equal(f.fix.state, "fixed");
        assert.ok(f.fix.versions.length > 0);
      }
    }
    t.diagnostic(`alpine expected ${expectedTotal} findings, actual ${result.findings.length}`);
    assert.equal(result.findings.length, expectedTotal);
    assert.ok(expectedTotal > 0);
    // libcrypto3 and libssl3 are binaries of openssl: matched through their origin.
    assert.ok(
      result.findings.some(
        (f) => f.package.name === "libcrypto3" && f.evidence[0]?.kind === "exact-indirect",
      ),
    );
    // 3.18 is past its end of life: said, not silent.
    assert.ok(result.diagnostics.some((d) => d.code === "distro-end-of-life" && d.level === "warning"));
  });

  test("Alpine: secdb's not-affected ('0') is the vendor's statement, and other releases are not used", async () => {
    const notAffected = await explainInSbom(alpine, "CVE-2023-45853", reader);
    assert.equal(notAffected.reported, false);
    const r = notAffected.reasons.find((x) => x.kind === "vendor-not-affected");
    assert.ok(r, JSON.stringify(notAffected.reasons));
    assert.equal(r.package?.name, "zlib");
    assert.equal(r.searchedBy?.distro, "alpine:3.18");
    // A zlib CVE that later releases' secdb lists and v3.18's does not (read from the raw files).
    const zlibIds = async (release: string) => {
      const doc = JSON.parse(await readFile(vulndata("alpine-secdb", release, "main.json"), "utf8")) as {
        packages: { pkg: { name: string; secfixes?: Record<string, string[]> } }[];
      };
      return new Set(
        doc.packages
          .filter((p) => p.pkg.name === "zlib")
          .flatMap((p) => Object.values(p.pkg.secfixes ?? {}).flat()),
      );
    };
    const in318 = await zlibIds("v3.18");
    const only320 = [...(await zlibIds("v3.20"))].find((id) => !in318.has(id));
    assert.ok(only320, "some zlib advisory exists for 3.20 and not for 3.18");
    const other = await explainInSbom(alpine, only320, reader);
    assert.equal(other.reported, false);
    const o = other.reasons.find((x) => x.kind === "other-release" && x.package?.name === "zlib");
    assert.ok(o, JSON.stringify(other.reasons));
    assert.ok(o.releases?.some((x) => x.distro === "alpine:3.20"));
    assert.ok(!o.releases?.some((x) => x.distro === "alpine:3.18"));
  });

  test("Rocky 9.3 is matched against Rocky's OVAL only, by binary package name", async () => {
    const { result, outcome } = await runScan(rocky, reader, {}, true);
    assert.equal(rocky.distro?.id, "rocky");
    const providers = new Set(outcome.judgements.map((j) => j.candidate.advisory.provider));
    assert.ok(
      [...providers].every((p) => p.startsWith("rocky-oval:")),
      [...providers].join(", "),
    );
    assert.ok(
      result.findings.every((f) => f.evidence.every((e) => e.found.provider.startsWith("rocky-oval:"))),
    );
    // The archived data predates the image's builds: every Rocky errata fix is at or below
    // the installed EVR (bash 5.1.8-6.el9_1 is exactly RLSA-2023:0340's fix).
    const bash = outcome.judgements.find(
      (j) =>
        j.pkg.name === "bash" &&
        j.candidate.advisory.id === "RLSA-2023:0340" &&
        j.candidate.query.kind === "exact-direct",
    );
    assert.equal(bash?.judgement.verdict, "fixed");
    const ssl = outcome.judgements.filter(
      (j) => j.pkg.name === "openssl-libs" && j.judgement.verdict !== "skipped",
    );
    assert.ok(ssl.length > 0);
    for (const j of ssl) {
      assert.equal(j.candidate.affected.name, "openssl-libs", "Rocky OVAL keys binary names");
      assert.equal(j.candidate.query.version, "1:3.0.7-24.el9");
    }
    assert.equal(result.findings.length, 0);
    assert.ok(!result.diagnostics.some((d) => d.code === "distro-no-advisories"));
    // Red Hat's OVAL names a zlib CVE that Rocky's does not: explain says which release has it.
    const rockyIds = new Set(
      outcome.judgements.flatMap((j) => [j.candidate.advisory.id, ...j.candidate.advisory.aliases]),
    );
    const rhelOnly = (await reader.find([{ ecosystem: "rpm", distro: "rhel:9", name: "zlib" }]))
      .flatMap((h) => h.advisory.aliases)
      .find((a) => a.startsWith("CVE-") && !rockyIds.has(a));
    assert.ok(rhelOnly, "Red Hat has a zlib CVE Rocky's OVAL does not name");
    const why = await explainInSbom(rocky, rhelOnly, reader);
    assert.equal(why.reported, false);
    const o = why.reasons.find((x) => x.kind === "other-release" && x.package?.name === "zlib");
    assert.ok(o, JSON.stringify(why.reasons.map((x) => x.message)));
    // AlmaLinux 8's errata name it too (in OSV `related`), AlmaLinux 9's and Rocky's do not.
    assert.deepEqual(
      o.releases?.map((r) => r.distro),
      ["almalinux:8", "rhel:9"],
    );
  });

  test("the same rpm packages on AlmaLinux 9 are matched by AlmaLinux's advisories, per CVE", async () => {
    const asAlma: Sbom = {
      ...rocky,
      distro: { ...rocky.distro!, id: "almalinux", prettyName: "AlmaLinux 9.3" },
      packages: rocky.packages.map((p) => (p.distro ? { ...p, distro: "almalinux:9" } : p)),
    };
    const { result } = await runScan(asAlma, reader, {});
    assert.ok(result.findings.length > 0);
    for (const f of result.findings) {
      assert.equal(f.package.type, "rpm");
      for (const e of f.evidence) {
        assert.equal(e.found.provider, "osv:AlmaLinux");
        assert.equal(e.searchedBy.distro, "almalinux:9");
        assert.equal(e.searchedBy.name, f.package.name, "AlmaLinux OSV keys binary names");
      }
      // An ALSA erratum fixes several CVEs: each CVE is its own finding, the erratum an alias.
      assert.match(f.vulnerability.id, /^CVE-|^AL[SBE]A-/);
      if (f.vulnerability.id.startsWith("CVE-"))
        assert.ok(f.vulnerability.aliases.some((a) => /^ALSA-/.test(a)));
    }
    const ids = result.findings
      .filter((f) => f.package.name === "openssl-libs")
      .map((f) => f.vulnerability.id);
    assert.equal(new Set(ids).size, ids.length, "one finding per package and vulnerability");
    // A CVE only AlmaLinux errata name (in OSV `related`): explain finds them, so a Rocky
    // image is told where advisories exist instead of "the database has no advisory".
    const curlCve = "CVE-2023-38545";
    assert.ok(ids.length > 0);
    assert.ok(result.findings.some((f) => f.package.name === "curl" && f.vulnerability.id === curlCve));
    assert.deepEqual(
      (await reader.byIds([curlCve])).filter((a) => a.provider === "osv:AlmaLinux"),
      [],
      "AlmaLinux names it by no id or alias, only in `related`",
    );
    const why = await explainInSbom(rocky, curlCve, reader);
    assert.equal(why.reported, false);
    assert.ok(!why.reasons.some((r) => r.kind === "unknown-id"));
    const other = why.reasons.find((r) => r.kind === "other-release" && r.package?.name === "curl");
    assert.ok(
      other?.releases?.some((r) => r.distro === "almalinux:9"),
      JSON.stringify(why.reasons),
    );
    // Module packages: nodejs from the nodejs:18 stream is compared with the stream's fixes.
    const node = result.findings.filter((f) => f.package.name === "nodejs");
    for (const f of node)
      assert.ok(
        f.fix.versions.every((v) => v.includes("module")),
        f.fix.versions.join(),
      );
  });
});
