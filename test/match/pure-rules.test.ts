import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { goStdlibVersion } from "../../src/ecosystems/golang/match.js";
import { mavenCoordinates } from "../../src/ecosystems/maven/match.js";
import { moduleStreamOf } from "../../src/ecosystems/rpm/match.js";
import { chooseSeverity } from "../../src/enrich/index.js";
import {
  choosePrimaryId,
  judgeAffected,
  sortFindings,
  vendorStateOf,
  vulnerabilityUnits,
} from "../../src/match/index.js";
import type { Advisory, AffectedPackage, Finding } from "../../src/model/index.js";
import { pkg } from "./make-sbom.js";

/**
 * The pure pieces of matching, on hand-made inputs: what each decides when feeds put data in
 * shapes the real slices of test/match/*-rules.test.ts may not contain (vendor labels only the
 * Debian tracker JSON carries, native requirement strings, unreadable bounds).
 */

const entry = (over: Partial<AffectedPackage>): AffectedPackage => ({
  ecosystem: "deb",
  distro: "debian:12",
  name: "openssl",
  status: "affected",
  ranges: [],
  fix: { state: "unknown", versions: [] },
  ...over,
});

describe("judgeAffected", () => {
  test("in range, at the fix, before introduced, after last affected", () => {
    const e = entry({
      ranges: [{ scheme: "dpkg", introduced: "3.0.0-1", fixed: "3.0.9-1" }],
      fix: { state: "fixed", versions: ["3.0.9-1"] },
    });
    const hit = judgeAffected("3.0.8-1", e, "dpkg");
    assert.equal(hit.verdict, "affected");
    if (hit.verdict === "affected") assert.deepEqual(hit.fix, { state: "fixed", versions: ["3.0.9-1"] });
    assert.deepEqual(judgeAffected("3.0.9-1", e, "dpkg"), {
      verdict: "fixed",
      fixedIn: "3.0.9-1",
      range: e.ranges[0],
    });
    assert.equal(judgeAffected("2.9-1", e, "dpkg").verdict, "out-of-range");
    assert.equal(
      judgeAffected("3.0.9~rc1-1", e, "dpkg").verdict,
      "affected",
      "dpkg: ~ sorts before the release",
    );
    const last = entry({ ranges: [{ scheme: "pep440", introduced: "3.0.5", lastAffected: "3.0.6" }] });
    assert.equal(judgeAffected("3.0.6", last, "pep440").verdict, "affected");
    assert.equal(judgeAffected("3.0.7", last, "pep440").verdict, "out-of-range");
  });

  test("unreadable versions and bounds are unknown, never not-affected", () => {
    const e = entry({ ranges: [{ scheme: "golang", introduced: "0", fixed: "1.20.5" }] });
    assert.equal(judgeAffected("(devel)", e, "golang").verdict, "unknown");
    const bad = entry({ ranges: [{ scheme: "golang", introduced: "0", fixed: "not a version" }] });
    assert.equal(judgeAffected("1.19.8", bad, "golang").verdict, "unknown");
    assert.equal(
      judgeAffected("1.0", entry({ ranges: [{ scheme: "ecosystem", introduced: "0" }] }), "semver").verdict,
      "unknown",
    );
  });

  test("listed versions and native requirements", () => {
    assert.equal(
      judgeAffected("1.0.2", entry({ versions: ["1.0.1", "1.0.2"] }), "semver").verdict,
      "affected",
    );
    const req = entry({
      requirements: { scheme: "gem", affected: [">= 1.2, < 1.3"], unaffected: ["~> 1.2.9"] },
    });
    assert.equal(judgeAffected("1.2.5", req, "gem").verdict, "affected");
    assert.equal(judgeAffected("1.2.9", req, "gem").verdict, "fixed");
    assert.equal(judgeAffected("1.4", req, "gem").verdict, "out-of-range");
  });

  test("vendor states: not-affected is a verdict; wont-fix, deferred, end-of-life, tracker labels are kept", () => {
    assert.equal(judgeAffected("1.0", entry({ status: "not-affected" }), "dpkg").verdict, "not-affected");
    const open = (state: AffectedPackage["fix"]["state"], note?: string) =>
      entry({
        ranges: [{ scheme: "dpkg", introduced: "0" }],
        fix: { state, versions: [] },
        ...(note ? { note } : {}),
      });
    const cases: [AffectedPackage, string | undefined][] = [
      [open("wont-fix"), "will-not-fix"],
      [open("fix-deferred", "no-dsa (postponed): minor issue"), "fix-deferred"],
      [open("end-of-life"), "end-of-life"],
      [open("not-fixed", "unimportant"), "unimportant"],
      [open("not-fixed", "no-dsa: minor issue"), "no-dsa"],
      [open("unknown", "undetermined in the security tracker"), "undetermined"],
      [
        open(
          "not-fixed",
          "Debian lists no fixed version for this release (open or undetermined in the security tracker)",
        ),
        undefined,
      ],
    ];
    for (const [e, want] of cases) {
      assert.equal(vendorStateOf(e), want, e.note ?? e.fix.state);
      const j = judgeAffected("1.0-1", e, "dpkg");
      assert.equal(j.verdict, "affected");
      if (j.verdict === "affected") {
        assert.equal(j.vendorState, want);
        assert.notEqual(j.fix.state, "fixed");
      }
    }
  });
});

describe("vulnerability ids", () => {
  const adv = (id: string, aliases: string[], related: string[] = []): Advisory => ({
    id,
    aliases,
    related,
    provider: "p",
    severities: [],
    references: [],
    affected: [],
  });

  test("the primary id: a CVE (the oldest), else GHSA, else the smallest id", () => {
    assert.equal(
      choosePrimaryId(["GO-2023-2102", "GHSA-4374-p667-p6c8", "CVE-2023-39325"]),
      "CVE-2023-39325",
    );
    assert.equal(choosePrimaryId(["CVE-2021-9999", "CVE-2021-10000", "CVE-2020-50000"]), "CVE-2020-50000");
    assert.equal(choosePrimaryId(["PYSEC-2021-1", "GHSA-aaaa-bbbb-cccc"]), "GHSA-aaaa-bbbb-cccc");
    assert.equal(choosePrimaryId(["RUSTSEC-2021-100", "RUSTSEC-2021-99"]), "RUSTSEC-2021-99");
  });

  test("bulletins split per CVE (aliases or OSV related); a bulletin alias never merges", () => {
    assert.deepEqual(vulnerabilityUnits(adv("RLSA-2022:7288", ["CVE-2022-3602", "CVE-2022-3786"])), [
      { ids: ["CVE-2022-3602"], related: ["RLSA-2022:7288"] },
      { ids: ["CVE-2022-3786"], related: ["RLSA-2022:7288"] },
    ]);
    assert.deepEqual(vulnerabilityUnits(adv("ALSA-2022:7288", [], ["CVE-2022-3602"])), [
      { ids: ["CVE-2022-3602"], related: ["ALSA-2022:7288"] },
    ]);
    assert.deepEqual(vulnerabilityUnits(adv("CVE-2023-1393", ["DSA-5380"])), [
      { ids: ["CVE-2023-1393"], related: ["DSA-5380"] },
    ]);
    assert.deepEqual(vulnerabilityUnits(adv("PYSEC-2023-192", ["CVE-2023-43804", "GHSA-v845-jxx5-vc9f"])), [
      { ids: ["PYSEC-2023-192", "CVE-2023-43804", "GHSA-v845-jxx5-vc9f"], related: [] },
    ]);
    assert.deepEqual(vulnerabilityUnits(adv("RHBA-2022:1", [])), [{ ids: ["RHBA-2022:1"], related: [] }]);
  });
});

describe("ecosystem details", () => {
  test("Go release versions in module form", () => {
    assert.equal(goStdlibVersion("go1.19.8"), "v1.19.8");
    assert.equal(goStdlibVersion("v1.19.8"), "v1.19.8");
    assert.equal(goStdlibVersion("go1.21"), "v1.21.0");
    assert.equal(goStdlibVersion("go1.21rc2"), "v1.21.0-rc.2");
    assert.equal(goStdlibVersion("go1.20.1 X:boringcrypto"), "v1.20.1");
    assert.equal(goStdlibVersion("devel go1.22-abcdef"), undefined);
  });

  test("rpm module streams and Maven coordinates", () => {
    assert.equal(
      moduleStreamOf(
        pkg({
          name: "nodejs",
          version: "1",
          type: "rpm",
          metadata: { modularityLabel: "nodejs:18:9030020231101000000:rpm" },
        }),
      ),
      "nodejs:18",
    );
    assert.equal(moduleStreamOf(pkg({ name: "bash", version: "1", type: "rpm" })), undefined);
    assert.equal(
      mavenCoordinates(
        pkg({ name: "log4j", version: "1.2.17", type: "maven", purl: "pkg:maven/log4j/log4j@1.2.17" }),
      ),
      "log4j:log4j",
    );
  });
});

describe("severity and order", () => {
  const finding = (cvss: Finding["vulnerability"]["cvss"], provider: string, id = "CVE-1"): Finding => ({
    vulnerability: { id, aliases: [], severity: "unknown", cvss, references: [] },
    package: { id: "p", name: "openssl", version: "1", type: "rpm", purl: "pkg:rpm/openssl@1" },
    fix: { state: "fixed", versions: [] },
    evidence: [
      {
        matcher: "m",
        kind: "exact-direct",
        searchedBy: { ecosystem: "rpm", name: "openssl", version: "1" },
        found: { provider, advisoryId: id, status: "affected" },
      },
    ],
  });

  test("the matched feed's rating first (a word before a vector), then NVD's, then others", () => {
    const f = finding(
      [
        { source: "nvd", severity: "high", vector: "CVSS:3.1/AV:N", cvssVersion: "3.1", score: 7.5 },
        { source: "redhat-oval:9", severity: "low" },
        {
          source: "redhat-oval:9",
          severity: "medium",
          vector: "CVSS:3.1/AV:L",
          cvssVersion: "3.1",
          score: 5.5,
        },
      ],
      "redhat-oval:9",
    );
    assert.deepEqual(chooseSeverity(f), { severity: "low", source: "redhat-oval:9" });
    assert.deepEqual(
      chooseSeverity(
        finding(
          [
            { source: "nvd", severity: "high" },
            { source: "secalert@redhat.com", severity: "low" },
          ],
          "debian-oval:bookworm",
        ),
      ),
      {
        severity: "high",
        source: "nvd",
      },
    );
    assert.deepEqual(chooseSeverity(finding([], "alpine-secdb")), { severity: "unknown" });
    assert.equal(
      chooseSeverity(
        finding(
          [
            { source: "osv:npm", severity: "medium", vector: "CVSS:3.1/X", cvssVersion: "3.1", score: 6 },
            { source: "osv:npm", severity: "high", vector: "CVSS:4.0/X", cvssVersion: "4.0", score: 8.7 },
          ],
          "osv:npm",
        ),
      ).severity,
      "high",
      "a newer CVSS version first",
    );
  });

  test("findings sort by severity, package, version, id", () => {
    const a = finding([], "x", "CVE-2");
    a.vulnerability.severity = "low";
    const b = finding([], "x", "CVE-10");
    b.vulnerability.severity = "high";
    const c = finding([], "x", "CVE-9");
    c.vulnerability.severity = "high";
    assert.deepEqual(
      sortFindings([a, b, c]).map((f) => f.vulnerability.id),
      ["CVE-9", "CVE-10", "CVE-2"],
    );
  });
});
