import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { mapOsvEcosystem, osvImporter, parseOsvRecord } from "../../src/feeds/index.js";
import { isDrydockError } from "../../src/model/index.js";
import {
  advisoriesOf,
  diagnosticsOf,
  runImporter,
  skipWithoutVulndata,
  tempDir,
  vulndata,
} from "./feed-test-helpers.js";
import { makeZip } from "./make-zip.js";

describe("mapOsvEcosystem", () => {
  const cases: [string, string, string | undefined, string][] = [
    ["AlmaLinux:9", "rpm", "almalinux:9", "rpm"],
    ["Ubuntu:22.04:LTS", "deb", "ubuntu:22.04", "dpkg"],
    ["Ubuntu:Pro:18.04:LTS", "deb", "ubuntu:18.04", "dpkg"],
    ["Debian:12", "deb", "debian:12", "dpkg"],
    ["Alpine:v3.19", "apk", "alpine:3.19", "apk"],
    ["Rocky Linux:9", "rpm", "rocky:9", "rpm"],
    ["Red Hat:enterprise_linux:9::appstream", "rpm", "rhel:9", "rpm"],
    ["openSUSE:Leap 15.5", "rpm", "opensuse-leap:15.5", "rpm"],
    ["SUSE:Linux Enterprise Server 15 SP5", "rpm", "sles:15.5", "rpm"],
    ["PyPI", "pypi", undefined, "pep440"],
    ["npm", "npm", undefined, "semver"],
    ["Maven", "maven", undefined, "maven"],
    ["Go", "golang", undefined, "golang"],
    ["crates.io", "cargo", undefined, "cargo"],
    ["RubyGems", "gem", undefined, "gem"],
    ["NuGet", "nuget", undefined, "nuget"],
    ["Packagist", "composer", undefined, "composer"],
    ["Hackage", "hackage", undefined, "ecosystem"],
    ["CRAN", "cran", undefined, "ecosystem"],
    ["Julia", "julia", undefined, "ecosystem"],
    ["Bitnami", "bitnami", undefined, "ecosystem"],
    ["OSS-Fuzz", "oss-fuzz", undefined, "ecosystem"],
  ];
  for (const [raw, ecosystem, distro, scheme] of cases) {
    it(`${raw} → ${ecosystem} ${distro ?? ""}`, () => {
      const k = mapOsvEcosystem(raw);
      assert.deepEqual([k.ecosystem, k.distro, k.scheme], [ecosystem, distro, scheme]);
    });
  }
  it("marks Ubuntu Pro entries", () =>
    assert.equal(mapOsvEcosystem("Ubuntu:Pro:18.04:LTS").note, "ubuntu-pro"));
});

describe("parseOsvRecord", () => {
  const ctx = { provider: "osv:PyPI", file: "x.json" };

  it("flattens events into typed ranges with the ecosystem's scheme", () => {
    const { advisory, diagnostics } = parseOsvRecord(
      {
        id: "PYSEC-1",
        aliases: ["CVE-2020-1", "PYSEC-1"],
        upstream: ["CVE-2020-2"],
        modified: "2024-01-01T00:00:00Z",
        summary: "s",
        severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" }],
        database_specific: { cwe_ids: ["CWE-79"], severity: "MODERATE" },
        references: [{ type: "FIX", url: "https://e/fix" }, { url: 3 }],
        affected: [
          {
            package: { ecosystem: "PyPI", name: "Foo_Bar" },
            ranges: [
              {
                type: "ECOSYSTEM",
                events: [
                  { introduced: "0" },
                  { fixed: "1.0" },
                  { introduced: "2.0" },
                  { last_affected: "2.5" },
                  { introduced: "3.0" },
                ],
              },
              {
                type: "GIT",
                repo: "https://github.com/x/y",
                events: [{ introduced: "abc" }, { fixed: "def" }, { limit: "fff" }],
              },
            ],
            versions: ["0.9", "2.1"],
            ecosystem_specific: { severity: "HIGH" },
          },
          { package: { ecosystem: "PyPI" } },
        ],
      },
      ctx,
    );
    assert.ok(advisory);
    assert.deepEqual(advisory.aliases, ["CVE-2020-1"]);
    assert.deepEqual(advisory.related, ["CVE-2020-2"]);
    assert.deepEqual(advisory.cwes, ["CWE-79"]);
    assert.deepEqual(advisory.references, [{ type: "FIX", url: "https://e/fix" }]);
    assert.equal(advisory.affected.length, 1);
    const af = advisory.affected[0]!;
    assert.equal(af.ecosystem, "pypi");
    assert.equal(af.name, "Foo_Bar");
    assert.deepEqual(af.ranges, [
      { scheme: "pep440", introduced: "0", fixed: "1.0" },
      { scheme: "pep440", introduced: "2.0", lastAffected: "2.5" },
      { scheme: "pep440", introduced: "3.0" },
      { scheme: "git", introduced: "abc", fixed: "def", limit: "fff", repo: "https://github.com/x/y" },
    ]);
    assert.deepEqual(af.fix, { state: "fixed", versions: ["1.0"] });
    assert.deepEqual(af.versions, ["0.9", "2.1"]);
    assert.equal(af.severity?.severity, "high");
    const cvss = advisory.severities.find((s) => s.vector);
    assert.equal(cvss?.score, 9.8);
    assert.ok(advisory.severities.some((s) => !s.vector && s.severity === "medium"));
    assert.equal(diagnostics.length, 1, "the affected entry without a name is reported");
    assert.match(diagnostics[0]!.message, /affected\[1\]/);
  });

  it("keeps GIT-only records under the repository, withdrawn dates, and open ranges as not fixed", () => {
    const { advisory } = parseOsvRecord(
      {
        id: "PSF-1",
        withdrawn: "2024-02-02T00:00:00Z",
        affected: [
          {
            ranges: [
              { type: "GIT", repo: "https://github.com/python/cpython", events: [{ introduced: "0" }] },
            ],
          },
        ],
      },
      ctx,
    );
    assert.equal(advisory?.withdrawn, "2024-02-02T00:00:00Z");
    assert.deepEqual(advisory?.affected[0], {
      ecosystem: "git",
      name: "https://github.com/python/cpython",
      status: "affected",
      ranges: [{ scheme: "git", introduced: "0", repo: "https://github.com/python/cpython" }],
      fix: { state: "not-fixed", versions: [] },
    });
  });

  it("uses semver for SEMVER ranges of ecosystems without a scheme", () => {
    const { advisory } = parseOsvRecord(
      {
        id: "BIT-1",
        affected: [
          {
            package: { ecosystem: "Bitnami", name: "x" },
            ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.2.3" }] }],
          },
        ],
      },
      ctx,
    );
    assert.equal(advisory?.affected[0]?.ranges[0]?.scheme, "semver");
  });

  it("rejects a document without an id", () => {
    const r = parseOsvRecord({ summary: "x" }, ctx);
    assert.equal(r.advisory, undefined);
    assert.equal(r.diagnostics[0]?.code, "osv-invalid-record");
  });
});

describe("osvImporter", () => {
  it("detects osv.dev zips by layout and OSV JSON by content", async () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, "Go"));
      writeFileSync(join(dir, "Go", "all.zip"), makeZip({ "GO-1.json": "{}" }));
      writeFileSync(
        join(dir, "one.json"),
        JSON.stringify({ id: "GHSA-x", modified: "2024-01-01T00:00:00Z" }),
      );
      writeFileSync(
        join(dir, "nvd.json"),
        '{"format":"NVD_CVE","vulnerabilities":[{"cve":{"id":"CVE-1","modified":"x"}}]}',
      );
      writeFileSync(join(dir, "other.zip"), makeZip({ "README.txt": "hi" }));
      assert.equal((await osvImporter.detect(join(dir, "Go", "all.zip"), "Go/all.zip"))?.provider, "osv:Go");
      const one = await osvImporter.detect(join(dir, "one.json"), "one.json");
      assert.equal(one?.provider, `osv:${dir.split("/").pop()}`);
      assert.equal(await osvImporter.detect(join(dir, "nvd.json"), "nvd.json"), undefined);
      assert.equal(await osvImporter.detect(join(dir, "other.zip"), "other.zip"), undefined);
    } finally {
      cleanup();
    }
  });

  it("reads a zip, a single document, an array document; bad entries become diagnostics", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const doc = (id: string) =>
        JSON.stringify({ id, affected: [{ package: { ecosystem: "npm", name: "X" }, versions: ["1"] }] });
      writeFileSync(
        join(dir, "all.zip"),
        makeZip({ "A.json": doc("A"), "B.json": "{broken", "notes.txt": "skip me" }),
      );
      writeFileSync(join(dir, "c.json"), doc("C"));
      writeFileSync(join(dir, "arr.json"), `[${doc("D")}, ${doc("E")}]`);
      const { records, count } = await runImporter(
        osvImporter,
        [join(dir, "all.zip"), join(dir, "c.json"), join(dir, "arr.json")],
        "osv:test",
      );
      assert.equal(count, 5, "every document is counted, broken ones too");
      assert.deepEqual(
        advisoriesOf(records).map((a) => a.id),
        ["A", "C", "D", "E"],
      );
      const diags = diagnosticsOf(records);
      assert.equal(diags.length, 1);
      assert.equal(diags[0]?.code, "osv-invalid-json");
      assert.match(diags[0]?.file ?? "", /all\.zip!B\.json$/);
    } finally {
      cleanup();
    }
  });

  it("fails with DRYDOCK_FEED_UNREADABLE on a corrupt zip", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const zip = join(dir, "all.zip");
      writeFileSync(zip, makeZip({ "A.json": "{}" }).subarray(0, 40));
      await assert.rejects(
        runImporter(osvImporter, [zip], "osv:x"),
        (e) => isDrydockError(e) && e.code === "DRYDOCK_FEED_UNREADABLE" && e.message.includes(zip),
      );
    } finally {
      cleanup();
    }
  });

  it("imports real osv.dev zips: CRAN, Hackage, npm, Ubuntu", { skip: skipWithoutVulndata }, async () => {
    const cran = await runImporter(osvImporter, [join(vulndata, "osv/CRAN/all.zip")], "osv:CRAN");
    assert.equal(cran.count, 14);
    assert.equal(advisoriesOf(cran.records).length, 14);
    assert.ok(advisoriesOf(cran.records).every((a) => a.affected.every((af) => af.ecosystem === "cran")));

    const hackage = await runImporter(osvImporter, [join(vulndata, "osv/Hackage/all.zip")], "osv:Hackage");
    assert.equal(hackage.count, 35);
    const ecosystems = new Set(
      advisoriesOf(hackage.records).flatMap((a) => a.affected.map((af) => af.ecosystem)),
    );
    assert.deepEqual([...ecosystems].sort(), ["ghc", "hackage"]);

    const npm = await runImporter(osvImporter, [join(vulndata, "osv/npm/all.zip")], "osv:npm");
    assert.equal(npm.count, 11);
    const express = advisoriesOf(npm.records).find((a) => a.id === "GHSA-rv95-896h-c2vc");
    assert.ok(express);
    assert.deepEqual(express.aliases, ["CVE-2024-29041"]);
    assert.ok(
      express.affected.every((af) => af.ecosystem === "npm" && af.ranges.every((r) => r.scheme === "semver")),
    );
    assert.ok(express.affected.some((af) => af.fix.versions.includes("4.19.2")));
    assert.deepEqual(express.cwes, ["CWE-1286", "CWE-601"]);

    const ubuntu = await runImporter(osvImporter, [join(vulndata, "osv/Ubuntu/all.zip")], "osv:Ubuntu");
    const usn = advisoriesOf(ubuntu.records).find((a) => a.id === "USN-6622-1");
    const focal = usn?.affected.find((af) => af.distro === "ubuntu:20.04" && af.name === "openssl");
    assert.deepEqual(focal?.fix, { state: "fixed", versions: ["1.1.1f-1ubuntu2.21"] });
    assert.equal(focal?.ranges[0]?.scheme, "dpkg");
  });
});
