import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { explainInSbom } from "../../src/app/explain.js";
import { matcherEntries, runScan } from "../../src/app/scan.js";
import { type AdvisoryReader, openAdvisoryReader } from "../../src/db/index.js";
import { matchSbom } from "../../src/match/index.js";
import { buildTestDb } from "../helpers/build-test-db.js";
import {
  cutDebianList,
  cutOsvZip,
  cutOval,
  cutSecdb,
  osvPackageNames,
  skipWithoutShared,
  vulndata,
} from "../helpers/feed-slices.js";
import { pkg, sbomOf } from "./make-sbom.js";

/**
 * OS package rules on real feed slices (cut from shared/vulndata here, compiled by the real
 * importers): the release's own advisories only, keyed by source package (or binary name
 * where the feed keys those), compared with the distro's scheme; vendor states as data;
 * bulletins split per CVE and merged with the CVE's own entries; unknown distros said.
 */

let work = "";
let reader: AdvisoryReader;
const debian11 = { id: "debian", versionId: "11", codename: "bullseye", support: "supported" as const };
const debian12 = { id: "debian", versionId: "12", codename: "bookworm", support: "supported" as const };

describe("OS package matching rules", { skip: skipWithoutShared }, () => {
  before(async () => {
    work = mkdtempSync(join(tmpdir(), "drydock-match-os-"));
    const feeds = join(work, "feeds");
    const debianProducts = /<product>(openssl|xorg-server)<\/product>/;
    await cutOval(vulndata("debian-oval", "oval-definitions-bullseye.xml.bz2"), feeds, (d) =>
      debianProducts.test(d),
    );
    await cutOval(vulndata("debian-oval", "oval-definitions-bookworm.xml.bz2"), feeds, (d) =>
      debianProducts.test(d),
    );
    await cutDebianList(vulndata("debian-tracker", "data", "DSA", "list"), join(feeds, "tracker"), (e) =>
      /DSA-5380-1 xorg-server/.test(e),
    );
    await cutSecdb(vulndata("alpine-secdb", "v3.18", "main.json"), join(feeds, "secdb"), ["openssl", "zlib"]);
    await cutOsvZip(vulndata("osv", "AlmaLinux", "all.zip"), feeds, "AlmaLinux", (d) =>
      osvPackageNames(d).includes("openssl-libs"),
    );
    const db = await buildTestDb(join(work, "db"), [
      feeds,
      vulndata("rocky-oval"),
      vulndata("redhat-oval"),
      vulndata("nvd", "nvd_api_cache", "nvdcve-modified.json.gz"),
    ]);
    reader = openAdvisoryReader(db);
  });
  after(() => {
    reader?.close();
    rmSync(work, { recursive: true, force: true });
  });

  test("Debian: source package, release and dpkg order; bulletins merge into their CVEs", async () => {
    const libssl = pkg({
      name: "libssl1.1",
      version: "1.1.1n-0+deb11u3",
      type: "deb",
      distro: "debian:11",
      source: { name: "openssl", version: "1.1.1n-0+deb11u3" },
    });
    const xorg = pkg({
      name: "xserver-xorg-core",
      version: "2:1.20.11-1+deb11u5",
      type: "deb",
      distro: "debian:11",
      source: { name: "xorg-server", version: "2:1.20.11-1+deb11u5" },
    });
    const { result } = await runScan(sbomOf([libssl, xorg], debian11), reader, {});
    const ssl = result.findings.filter((f) => f.package.id === libssl.id);
    const ids = ssl.map((f) => f.vulnerability.id);
    // deb11u4 and deb11u5 fixes are newer than deb11u3; deb11u3's own fix (CVE-2022-2068) is not.
    for (const id of ["CVE-2022-2097", "CVE-2023-0286", "CVE-2023-0464", "CVE-2023-2650"])
      assert.ok(ids.includes(id), id);
    assert.ok(!ids.includes("CVE-2022-2068"));
    assert.ok(!ids.includes("CVE-2022-1292"));
    assert.equal(new Set(ids).size, ids.length);
    assert.ok(
      ids.every((id) => id.startsWith("CVE-")),
      "DSA bulletins never stand as their own finding",
    );
    for (const f of ssl) {
      for (const e of f.evidence) {
        assert.equal(e.kind, "exact-indirect");
        assert.deepEqual(e.searchedBy, {
          ecosystem: "deb",
          distro: "debian:11",
          name: "openssl",
          version: "1.1.1n-0+deb11u3",
        });
        assert.equal(e.found.provider, "debian-oval:bullseye");
      }
    }
    // Open in the tracker ("DPKG is earlier than 0"): reported as not fixed, never as fixed.
    const open = ssl.find((f) => f.vulnerability.id === "CVE-2010-0928");
    assert.ok(open);
    assert.deepEqual(open.fix, { state: "not-fixed", versions: [] });
    // xorg-server: Debian's OVAL CVE entry and the DSA list's DSA-5380-1 are one finding.
    const x = result.findings.filter(
      (f) => f.package.id === xorg.id && f.vulnerability.id === "CVE-2023-1393",
    );
    assert.equal(x.length, 1);
    const advisories = x[0]!.evidence.map((e) => `${e.found.provider} ${e.found.advisoryId}`).sort();
    assert.ok(advisories.includes("debian-dsa DSA-5380-1"), advisories.join());
    assert.ok(advisories.includes("debian-oval:bullseye CVE-2023-1393"), advisories.join());
    assert.ok(x[0]!.vulnerability.aliases.includes("DSA-5380-1"));
    assert.deepEqual(x[0]!.fix, { state: "fixed", versions: ["2:1.20.11-1+deb11u6"] });
    // No rating from Debian: NVD's is used and named.
    const rated = result.findings.find((f) => f.vulnerability.cvss.some((r) => r.source === "nvd"));
    if (rated) assert.equal(rated.vulnerability.severitySource, "nvd");
  });

  test("the same package on bookworm is judged by bookworm's entries only", async () => {
    const libssl3 = pkg({
      name: "libssl3",
      version: "3.0.8-1",
      type: "deb",
      distro: "debian:12",
      source: { name: "openssl", version: "3.0.8-1" },
    });
    const { result, outcome } = await runScan(sbomOf([libssl3], debian12), reader, {}, true);
    assert.ok(outcome.judgements.length > 0);
    for (const j of outcome.judgements) assert.equal(j.candidate.affected.distro, "debian:12");
    assert.ok(
      result.findings.some((f) => f.vulnerability.id === "CVE-2023-0464"),
      "3.0.8-1 < bookworm's fix 3.0.9-1",
    );
  });

  test("Alpine: origin, release, apk order; secdb's '0' is not-affected", async () => {
    const libcrypto = pkg({
      name: "libcrypto3",
      version: "3.1.0-r4",
      type: "apk",
      distro: "alpine:3.18",
      source: { name: "openssl", version: "3.1.0-r4" },
    });
    const zlib = pkg({
      name: "zlib",
      version: "1.2.13-r1",
      type: "apk",
      distro: "alpine:3.18",
      source: { name: "zlib" },
    });
    const sbom = sbomOf([libcrypto, zlib], { id: "alpine", versionId: "3.18.0", support: "end-of-life" });
    const { result, outcome } = await runScan(sbom, reader, {}, true);
    assert.ok(
      result.findings.some((f) => f.package.id === libcrypto.id && f.vulnerability.id === "CVE-2023-2650"),
    );
    const zero = outcome.judgements.find(
      (j) => j.pkg.id === zlib.id && j.candidate.advisory.id === "CVE-2023-45853",
    );
    assert.equal(zero?.judgement.verdict, "not-affected");
    assert.ok(!result.findings.some((f) => f.vulnerability.id === "CVE-2023-45853"));
    assert.ok(result.diagnostics.some((d) => d.code === "distro-end-of-life"));
  });

  test("Rocky: its own OVAL only (binary names), never RHEL's or AlmaLinux's", async () => {
    const ssl = pkg({
      name: "openssl-libs",
      version: "1:3.0.1-41.el9_0",
      type: "rpm",
      distro: "rocky:9",
      source: { name: "openssl", version: "3.0.1-41.el9_0" },
    });
    const { result } = await runScan(sbomOf([ssl], { id: "rocky", versionId: "9.0" }), reader, {});
    assert.ok(result.findings.length > 0, "Rocky errata newer than 3.0.1-41 apply");
    for (const f of result.findings) {
      for (const e of f.evidence) {
        assert.match(e.found.provider, /^rocky-oval:/);
        assert.equal(e.searchedBy.name, "openssl-libs");
        assert.equal(e.kind, "exact-direct");
      }
      assert.ok(
        f.vulnerability.id.startsWith("CVE-"),
        `one finding per CVE of an erratum: ${f.vulnerability.id}`,
      );
      assert.ok(
        f.vulnerability.aliases.some((a) => a.startsWith("RLSA-")),
        f.vulnerability.aliases.join(),
      );
    }
    // AlmaLinux and RHEL have entries for the same name: used only for their own releases.
    const alma = await runScan(
      sbomOf([{ ...ssl, distro: "almalinux:9" }], { id: "almalinux", versionId: "9.0" }),
      reader,
      {},
    );
    assert.ok(alma.result.findings.length > 0, "AlmaLinux errata apply to an AlmaLinux package");
    const providers = new Set(alma.result.findings.flatMap((f) => f.evidence.map((e) => e.found.provider)));
    assert.deepEqual([...providers], ["osv:AlmaLinux"]);
  });

  test("RHEL: module packages match only their stream's entries", async () => {
    const node = pkg({
      name: "nodejs",
      version: "1:18.10.0-1.module+el9.1.0+16866+0fab0697",
      type: "rpm",
      distro: "rhel:9",
      source: { name: "nodejs" },
      metadata: { modularityLabel: "nodejs:18:9010020221009220316:rpm" },
    });
    const { result, outcome } = await runScan(
      sbomOf([node], { id: "rhel", versionId: "9.1" }),
      reader,
      {},
      true,
    );
    const scoped = outcome.judgements.filter(
      (j) => j.candidate.query.kind === "exact-direct" && j.candidate.affected.module === "nodejs:18",
    );
    assert.ok(
      scoped.some((j) => j.judgement.verdict === "affected"),
      "the nodejs:18 stream's newer fix applies",
    );
    const unscoped = outcome.judgements.filter(
      (j) => j.candidate.query.kind === "exact-direct" && j.candidate.affected.module === undefined,
    );
    assert.ok(unscoped.length > 0);
    for (const j of unscoped) {
      assert.equal(j.judgement.verdict, "skipped");
      if (j.judgement.verdict === "skipped") assert.equal(j.judgement.code, "rule");
    }
    assert.ok(result.findings.length > 0);
    // The distro's rating decides (Red Hat's "Important"), NVD's stays in cvss.
    for (const f of result.findings) assert.equal(f.vulnerability.severitySource, "redhat-oval:9");
  });

  test("unknown, missing and unsupported distros are said, never silent zero findings", async () => {
    const onPlan9 = pkg({
      name: "openssl",
      version: "1.0",
      type: "deb",
      distro: "plan9:4",
      source: { name: "openssl" },
    });
    const r1 = await matchSbom(
      sbomOf([onPlan9], { id: "plan9", versionId: "4", support: "unknown" }),
      reader,
      matcherEntries(),
    );
    assert.deepEqual(r1.diagnostics.map((d) => d.code).sort(), [
      "distro-no-advisories",
      "distro-unsupported",
    ]);
    const noDistro = pkg({ name: "openssl", version: "1.0", type: "deb", source: { name: "openssl" } });
    const r2 = await matchSbom(sbomOf([noDistro]), reader, matcherEntries());
    assert.ok(r2.diagnostics.some((d) => d.code === "distro-unknown" && d.level === "warning"));
    assert.equal(r2.findings.length, 0);
    assert.equal(r2.skipped[0]?.reason, "unmatchable");
  });

  test("explain: vendor not-affected and other release", async () => {
    const zlib = pkg({
      name: "zlib",
      version: "1.2.13-r1",
      type: "apk",
      distro: "alpine:3.18",
      source: { name: "zlib" },
    });
    const e = await explainInSbom(
      sbomOf([zlib], { id: "alpine", versionId: "3.18.0" }),
      "CVE-2023-45853",
      reader,
    );
    assert.deepEqual(
      e.reasons.map((r) => r.kind),
      ["vendor-not-affected"],
    );
    const libssl = pkg({
      name: "libssl1.1",
      version: "1.1.1n-0+deb11u3",
      type: "deb",
      distro: "debian:11",
      source: { name: "openssl", version: "1.1.1n-0+deb11u3" },
    });
    // A bookworm-only openssl entry, asked about on bullseye.
    const bookwormOnly = (
      await reader.find([{ ecosystem: "deb", distro: "debian:12", name: "openssl" }])
    ).map((h) => h.advisory.id);
    const bullseye = new Set(
      (await reader.find([{ ecosystem: "deb", distro: "debian:11", name: "openssl" }])).map(
        (h) => h.advisory.id,
      ),
    );
    const id = bookwormOnly.find((x) => !bullseye.has(x));
    assert.ok(id);
    const other = await explainInSbom(sbomOf([libssl], debian11), id, reader);
    assert.equal(other.reasons[0]?.kind, "other-release");
    assert.deepEqual(
      other.reasons[0]?.releases?.map((r) => r.distro),
      ["debian:12"],
    );
  });
});
