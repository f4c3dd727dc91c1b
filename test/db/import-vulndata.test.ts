import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { openAdvisoryReader } from "../../src/db/index.js";
import { skipWithoutVulndata, tempDir, vulndata } from "../feeds/feed-test-helpers.js";
import { runCli } from "./db-test-helpers.js";

/** Record counts per provider as shared/vulndata/SOURCES.md lists them. */
const expected: Record<string, number> = {
  "osv:Go": 4291,
  "osv:PyPI": 7080,
  "osv:crates.io": 1206,
  "osv:AlmaLinux": 5637,
  "osv:Bitnami": 7444,
  "osv:OSS-Fuzz": 4021,
  "osv:Julia": 1703,
  "osv:Hackage": 35,
  "osv:CRAN": 14,
  "osv:GIT": 132,
  "osv:npm": 11,
  "osv:Maven": 5,
  "osv:NuGet": 2,
  "osv:RubyGems": 1,
  "osv:Ubuntu": 5,
  "alpine-secdb": 8000,
  "alpine-secdb-legacy": 1652,
  kev: 1404,
  epss: 360142,
  "nvd:modified": 2393,
  "nvd:2016": 6517,
  "debian-oval:bookworm": 25932,
  "debian-oval:bullseye": 27311,
  "debian-oval:buster": 26617,
  "ubuntu-oval:noble": 261,
  "ubuntu-oval:jammy": 625,
  "redhat-oval:9": 222,
  // The archived rlsa-8 file holds Rocky 9 definitions (keyed rocky:9, one diagnostic),
  // but the provider is still named after its file.
  "rocky-oval:8": 64,
  "rocky-oval:9": 175,
  "azurelinux-oval:3.0": 1222,
  "debian-dsa": 5406,
  "debian-dla": 3534,
  "debian-dtsa": 208,
  rubysec: 1381,
  friendsofphp: 1592,
  // SOURCES.md says 647: it counted the index.json of each of vuln/{npm,core,deps}, which
  // repeats records that are also files of their own. 644 real records.
  "nodejs-security-wg": 644,
};

describe("importing all of shared/vulndata", { skip: skipWithoutVulndata }, () => {
  it("gives every provider the record count SOURCES.md lists, shown by db status", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = join(dir, "all.db");
      const imported = runCli(["db", "import", vulndata, "--db", db]);
      assert.equal(imported.status, 0, imported.stderr);
      const status = runCli(["db", "status", "--format", "json", "--db", db]);
      assert.equal(status.status, 0, status.stderr);
      const meta = JSON.parse(status.stdout) as {
        schemaVersion: string;
        providers: {
          id: string;
          records: number;
          advisories: number;
          kev: number;
          epss: number;
          inputDigest: string;
        }[];
      };
      assert.equal(meta.schemaVersion, "1.0.1");
      // Every provider imported is one SOURCES.md lists, with its count; none is missing.
      const got = Object.fromEntries(meta.providers.map((p) => [p.id, p.records]));
      assert.deepEqual(got, expected);
      for (const p of meta.providers) assert.match(p.inputDigest, /^sha256:[0-9a-f]{64}$/);
      const byId = Object.fromEntries(meta.providers.map((p) => [p.id, p]));
      assert.equal(byId.kev?.kev, 1404);
      assert.equal(byId.epss?.epss, 360142);
      assert.equal(byId["osv:Go"]?.advisories, 4291);

      // Spot checks through the reader: one batch over several ecosystems and distros.
      const reader = openAdvisoryReader(db);
      const hits = await reader.find([
        { ecosystem: "apk", distro: "alpine:3.19", name: "openssl" },
        { ecosystem: "rpm", distro: "almalinux:9", name: "openssl" },
        { ecosystem: "golang", name: "golang.org/x/net" },
        { ecosystem: "pypi", name: "Django" },
        { ecosystem: "deb", distro: "ubuntu:22.04", name: "openssl" },
      ]);
      for (const q of [0, 1, 2, 3, 4])
        assert.ok(
          hits.some((h) => h.query === q),
          `query ${q} finds advisories`,
        );
      // Dirty COW: NVD 2016 record, in KEV, with an EPSS score.
      const dirtyCow = await reader.byId("CVE-2016-5195");
      const nvd = dirtyCow.find((d) => d.advisory.provider === "nvd:2016");
      assert.ok(nvd, "CVE-2016-5195 is in nvd:2016");
      assert.equal(nvd.kev.length, 1, "KEV attached");
      assert.equal(nvd.epss.length, 1, "EPSS attached");
      assert.ok(
        nvd.advisory.severities.some((s) => s.source === "nvd" && s.cvssVersion === "3.1" && s.score === 7),
      );
      // sudo Baron Samedit: fixed in Alpine, in KEV.
      const sudo = await reader.byId("CVE-2021-3156");
      assert.ok(sudo.some((d) => d.advisory.provider === "alpine-secdb" && d.kev.length === 1));
      reader.close();
    } finally {
      cleanup();
    }
  });
});
