import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { debianOvalImporter } from "../../src/ecosystems/deb/feeds/debian-oval-importer.js";
import { ubuntuOvalImporter } from "../../src/ecosystems/deb/feeds/ubuntu-oval-importer.js";
import { azureLinuxOvalImporter } from "../../src/ecosystems/rpm/feeds/azurelinux-oval-importer.js";
import { redhatOvalImporter } from "../../src/ecosystems/rpm/feeds/redhat-oval-importer.js";
import { rockyOvalImporter } from "../../src/ecosystems/rpm/feeds/rocky-oval-importer.js";
import type { Advisory, AffectedPackage } from "../../src/model/index.js";
import { byId, importFile, needsVulndata, vulndata } from "./native-test-helpers.js";

/** name → [fixed version or fix state, ...] of an advisory's affected entries. */
function fixes(advisory: Advisory | undefined): Record<string, string> {
  return Object.fromEntries(
    (advisory?.affected ?? []).map((a: AffectedPackage) => [a.name, a.ranges[0]?.fixed ?? a.fix.state]),
  );
}

describe("Debian OVAL (shared/vulndata)", { skip: needsVulndata }, () => {
  it("reads bookworm: 25932 definitions, per-CVE advisories of debian:12 source packages", async () => {
    const run = await importFile(
      debianOvalImporter,
      vulndata,
      "debian-oval/oval-definitions-bookworm.xml.bz2",
    );
    assert.equal(run.count, 25932);
    assert.deepEqual(run.diagnostics, []);
    assert.equal(run.advisories.length, 24136, "definitions of one CVE merge into one advisory");
    const [expat] = byId(run, "CVE-2009-3720");
    assert.equal(expat?.affected.length, 17);
    assert.equal(fixes(expat).expat, "2.0.1-5");
    assert.equal(fixes(expat).cadaver, "not-fixed");
    const [chromium] = byId(run, "DSA-5418-1");
    assert.deepEqual(fixes(chromium), { chromium: "114.0.5735.90-2~deb12u1" });
    assert.equal(chromium?.aliases.length, 13);
    assert.equal(chromium?.published, "2023-06-03");
    const tar = byId(run, "CVE-2005-2541")[0]?.affected[0];
    assert.deepEqual(
      [tar?.distro, tar?.nameKind, tar?.status, tar?.fix.state],
      ["debian:12", "source", "affected", "not-fixed"],
    );
  });

  for (const [codename, definitions, release] of [
    ["bullseye", 27311, "debian:11"],
    ["buster", 26617, "debian:10"],
  ] as const) {
    it(`reads ${codename}: ${definitions} definitions of ${release}`, async () => {
      const run = await importFile(
        debianOvalImporter,
        vulndata,
        `debian-oval/oval-definitions-${codename}.xml.bz2`,
      );
      assert.equal(run.count, definitions);
      assert.deepEqual(run.diagnostics, []);
      const distros = new Set(run.advisories.flatMap((a) => a.affected.map((p) => p.distro)));
      assert.deepEqual([...distros], [release]);
    });
  }
});

describe("Ubuntu OVAL (shared/vulndata)", { skip: needsVulndata }, () => {
  it("reads noble: 261 definitions (one inventory), USN-7000-1 with its binary packages", async () => {
    const run = await importFile(
      ubuntuOvalImporter,
      vulndata,
      "ubuntu-oval/com.ubuntu.noble.usn.oval.xml.bz2",
    );
    assert.equal(run.count, 261);
    assert.equal(run.advisories.length, 260);
    const [usn] = byId(run, "USN-7000-1");
    assert.deepEqual(usn?.aliases, ["CVE-2024-45490", "CVE-2024-45491", "CVE-2024-45492"]);
    assert.deepEqual(fixes(usn), {
      expat: "2.6.1-2ubuntu0.1",
      libexpat1: "2.6.1-2ubuntu0.1",
      "libexpat1-dev": "2.6.1-2ubuntu0.1",
    });
    assert.ok(usn?.affected.every((a) => a.distro === "ubuntu:24.04" && a.nameKind === "binary"));
    assert.equal(usn?.published, "2024-09-12");
  });

  it("reads jammy: 625 definitions of ubuntu:22.04 (no release check in this vintage: the file name says)", async () => {
    const run = await importFile(
      ubuntuOvalImporter,
      vulndata,
      "ubuntu-oval/com.ubuntu.jammy.usn.oval.xml.bz2",
    );
    assert.equal(run.count, 625);
    assert.equal(run.advisories.length, 624);
    const distros = new Set(run.advisories.flatMap((a) => a.affected.map((p) => p.distro)));
    assert.deepEqual([...distros], ["ubuntu:22.04"]);
  });
});

describe("Red Hat family OVAL (shared/vulndata)", { skip: needsVulndata }, () => {
  it("reads RHEL 9: 222 errata, module streams kept", async () => {
    const run = await importFile(redhatOvalImporter, vulndata, "redhat-oval/com.redhat.rhsa-RHEL9.xml.bz2");
    assert.equal(run.count, 222);
    assert.equal(run.advisories.length, 222);
    assert.deepEqual(run.diagnostics, []);
    const [nodejs] = byId(run, "RHSA-2022:8832");
    const node = nodejs?.affected.find((a) => a.name === "nodejs");
    assert.deepEqual(
      [node?.distro, node?.module, node?.nameKind, node?.ranges[0]?.fixed],
      ["rhel:9", "nodejs:18", "binary", "1:18.12.1-1.module+el9.1.0.z+17326+318294bb"],
    );
  });

  it("reads Rocky 8's file: 64 errata, keyed rocky:9 as their release checks say", async () => {
    const run = await importFile(rockyOvalImporter, vulndata, "rocky-oval/org.rockylinux.rlsa-8.xml.bz2");
    assert.equal(run.count, 64);
    assert.equal(run.advisories.length, 64);
    const [gzip] = byId(run, "RLSA-2022:4582");
    assert.deepEqual(gzip?.aliases, ["CVE-2022-1271"]);
    assert.deepEqual(fixes(gzip), {
      gzip: "1.10-9.el9_0",
      "gzip-debuginfo": "1.10-9.el9_0",
      "gzip-debugsource": "1.10-9.el9_0",
    });
    assert.ok(gzip?.affected.every((a) => a.distro === "rocky:9" && a.nameKind === "binary"));
    assert.deepEqual(
      run.diagnostics.map((d) => d.code),
      ["oval-release-mismatch", "oval-criteria-repaired"],
    );
  });

  it("reads Rocky 9: 175 definitions, one with a dangling test reported", async () => {
    const run = await importFile(rockyOvalImporter, vulndata, "rocky-oval/org.rockylinux.rlsa-9.xml.bz2");
    assert.equal(run.count, 175);
    assert.equal(run.advisories.length, 174);
    const malformed = run.diagnostics.filter((d) => d.code === "malformed-record");
    assert.equal(malformed.length, 1);
    assert.match(malformed[0]?.message ?? "", /oval:org\.rockylinux\.rlsa:def:20233661/);
  });

  it("reads Azure Linux 3.0: 1222 definitions on source packages, not-applicable as not-affected", async () => {
    const run = await importFile(azureLinuxOvalImporter, vulndata, "azurelinux-oval/azurelinux-3.0-oval.xml");
    assert.equal(run.count, 1222);
    const cmake = byId(run, "CVE-2024-8096")[0]?.affected.find((a) => a.name === "cmake");
    assert.deepEqual(
      [cmake?.distro, cmake?.nameKind, cmake?.ranges[0]?.fixed, cmake?.fix.state],
      ["azurelinux:3.0", "source", "3.30.3-2.azl3", "fixed"],
    );
    assert.equal(byId(run, "CVE-2024-8096")[0]?.severities[0]?.severity, "medium");
    // One CVE, several source packages, not adjacent in the file: several records, one id.
    const zlibCve = byId(run, "CVE-2023-45853").flatMap((a) => a.affected);
    assert.equal(zlibCve.length, 7);
    assert.equal(zlibCve.find((a) => a.name === "cloud-hypervisor")?.status, "not-affected");
    assert.equal(zlibCve.find((a) => a.name === "zlib")?.status, "affected");
  });
});
