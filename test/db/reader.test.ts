import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type AdvisoryReader, openAdvisoryReader } from "../../src/db/index.js";
import type { AffectedPackage } from "../../src/model/index.js";
import { tempDir } from "../feeds/feed-test-helpers.js";
import { advisory, buildDb } from "./db-test-helpers.js";

const fixed = (ecosystem: string, name: string, version: string, distro?: string): AffectedPackage => ({
  ecosystem,
  ...(distro ? { distro } : {}),
  name,
  status: "affected",
  ranges: [{ scheme: ecosystem === "apk" ? "apk" : "pep440", introduced: "0", fixed: version }],
  fix: { state: "fixed", versions: [version] },
});

describe("AdvisoryReader: stored as imported", () => {
  const { dir, cleanup } = tempDir();
  const file = join(dir, "b.db");
  after(cleanup);

  it("keeps an affected entry's name kind and requirement strings", async () => {
    await buildDb(file, {
      "osv:PyPI": [
        advisory("PYSEC-4", {
          affected: [
            {
              ...fixed("pypi", "reqpkg", "2.0"),
              ranges: [],
              nameKind: "binary",
              requirements: { scheme: "pep440", affected: [">=1.0,<1.5", ">=1.7,<2.0"] },
            },
          ],
        }),
      ],
    });
    const reader = await openAdvisoryReader(file);
    const [hit] = await reader.find([{ ecosystem: "pypi", name: "reqpkg" }]);
    assert.equal(hit?.advisory.affected[0]?.nameKind, "binary");
    assert.deepEqual(hit?.advisory.affected[0]?.requirements, {
      scheme: "pep440",
      affected: [">=1.0,<1.5", ">=1.7,<2.0"],
    });
    reader.close();
  });
});

describe("AdvisoryReader", () => {
  const { dir, cleanup } = tempDir();
  const file = join(dir, "a.db");
  let reader: AdvisoryReader;

  before(async () => {
    await buildDb(file, {
      "osv:PyPI": [
        advisory("PYSEC-1", {
          aliases: ["CVE-2024-0001", "GHSA-aaaa-bbbb-cccc"],
          summary: "django bug",
          severities: [
            { source: "osv:PyPI", severity: "high", vector: "CVSS:3.1/AV:N", cvssVersion: "3.1", score: 7.5 },
          ],
          cwes: ["CWE-79"],
          references: [{ url: "https://e/1", type: "FIX" }],
          affected: [fixed("pypi", "Django", "4.2.1"), fixed("pypi", "other-pkg", "1.0")],
        }),
        advisory("PYSEC-2", {
          withdrawn: "2024-02-01T00:00:00Z",
          affected: [fixed("pypi", "django", "5.0")],
        }),
        advisory("PYSEC-3", { affected: [fixed("pypi", "zope.interface", "6.0")] }),
      ],
      "alpine-secdb": [
        advisory("CVE-2024-0001", { affected: [fixed("apk", "openssl", "3.1.4-r5", "alpine:3.19")] }),
        advisory("CVE-2024-0001", { affected: [fixed("apk", "openssl", "3.0.12-r1", "alpine:3.18")] }),
        advisory("CVE-2023-9999", {
          affected: [
            {
              ecosystem: "apk",
              distro: "alpine:3.19",
              name: "openssl",
              status: "not-affected",
              ranges: [],
              fix: { state: "unknown", versions: [] },
            },
          ],
        }),
      ],
      kev: [
        { kind: "kev", entry: { cve: "CVE-2024-0001", dateAdded: "2024-03-01", vendorProject: "Django" } },
      ],
      epss: [
        { kind: "epss", score: { cve: "CVE-2024-0001", epss: 0.5, percentile: 0.97 } },
        { kind: "epss", score: { cve: "CVE-2023-9999", epss: 0.01, percentile: 0.1 } },
      ],
    });
    reader = openAdvisoryReader(file);
  });

  after(() => {
    reader.close();
    cleanup();
  });

  it("answers a batch of queries in query order, with only the matching affected entries", async () => {
    const hits = await reader.find([
      { ecosystem: "apk", distro: "alpine:3.19", name: "openssl" },
      { ecosystem: "pypi", name: "DJANGO" },
      { ecosystem: "pypi", name: "Zope_Interface" },
      { ecosystem: "apk", name: "openssl" },
      { ecosystem: "npm", name: "nothing" },
    ]);
    assert.deepEqual(
      hits.map((h) => `${h.query} ${h.advisory.provider} ${h.advisory.id}`),
      [
        "0 alpine-secdb CVE-2023-9999",
        "0 alpine-secdb CVE-2024-0001",
        "1 osv:PyPI PYSEC-1",
        "2 osv:PyPI PYSEC-3",
      ],
    );
    const alpine = hits[1]!;
    assert.deepEqual(
      alpine.advisory.affected,
      [fixed("apk", "openssl", "3.1.4-r5", "alpine:3.19")],
      "alpine:3.18 left out",
    );
    assert.equal(hits[0]?.advisory.affected[0]?.status, "not-affected");
    const django = hits[2]!;
    assert.deepEqual(django.advisory.affected, [fixed("pypi", "Django", "4.2.1")], "other-pkg left out");
    assert.deepEqual(django.advisory.aliases, ["CVE-2024-0001", "GHSA-aaaa-bbbb-cccc"]);
    assert.deepEqual(django.advisory.cwes, ["CWE-79"]);
    assert.deepEqual(django.advisory.severities, [
      { source: "osv:PyPI", severity: "high", vector: "CVSS:3.1/AV:N", cvssVersion: "3.1", score: 7.5 },
    ]);
    assert.deepEqual(django.kev, [
      { cve: "CVE-2024-0001", dateAdded: "2024-03-01", vendorProject: "Django" },
    ]);
    assert.deepEqual(django.epss, [{ cve: "CVE-2024-0001", epss: 0.5, percentile: 0.97 }]);
  });

  it("leaves withdrawn advisories out unless asked", async () => {
    const q = [{ ecosystem: "pypi", name: "django" }];
    assert.deepEqual(
      (await reader.find(q)).map((h) => h.advisory.id),
      ["PYSEC-1"],
    );
    const all = await reader.find(q, { includeWithdrawn: true });
    assert.deepEqual(
      all.map((h) => h.advisory.id),
      ["PYSEC-1", "PYSEC-2"],
    );
    assert.equal(all[1]?.advisory.withdrawn, "2024-02-01T00:00:00Z");
  });

  it("answers thousands of queries in one call", async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ ecosystem: "pypi", name: `pkg-${i}` }));
    many.push({ ecosystem: "pypi", name: "django" });
    const hits = await reader.find(many);
    assert.deepEqual(
      hits.map((h) => h.query),
      [5000],
    );
    assert.deepEqual(await reader.find([]), []);
  });

  it("finds by id or alias, case-insensitively, across providers", async () => {
    const byCve = await reader.byId("cve-2024-0001");
    assert.deepEqual(
      byCve.map((d) => `${d.advisory.provider} ${d.advisory.id} ${d.advisory.affected.length}`),
      ["alpine-secdb CVE-2024-0001 2", "osv:PyPI PYSEC-1 2"],
    );
    assert.deepEqual(
      (await reader.byId("GHSA-AAAA-BBBB-CCCC")).map((d) => d.advisory.id),
      ["PYSEC-1"],
    );
    assert.deepEqual(
      (await reader.byId("PYSEC-2")).map((d) => d.advisory.withdrawn),
      ["2024-02-01T00:00:00Z"],
    );
    assert.deepEqual(await reader.byId("CVE-1900-0000"), []);
  });

  it("returns KEV and EPSS for a batch of CVE ids", async () => {
    const m = await reader.enrichment(["CVE-2024-0001", "CVE-2023-9999", "CVE-2000-0000"]);
    assert.deepEqual([...m.keys()], ["CVE-2024-0001", "CVE-2023-9999"]);
    assert.equal(m.get("CVE-2024-0001")?.kev?.vendorProject, "Django");
    assert.equal(m.get("CVE-2023-9999")?.kev, undefined);
    assert.equal(m.get("CVE-2023-9999")?.epss?.epss, 0.01);
  });

  it("reports provenance and counts per provider", async () => {
    const meta = await reader.metadata();
    assert.equal(meta.schemaVersion, "1.0.1");
    assert.ok(Date.parse(meta.builtAt) > 0);
    const byId = Object.fromEntries(meta.providers.map((p) => [p.id, p]));
    assert.equal(byId["alpine-secdb"]?.advisories, 2, "one CVE merged across releases");
    assert.equal(byId["alpine-secdb"]?.records, 3);
    assert.equal(byId.kev?.kev, 1);
    assert.equal(byId.epss?.epss, 2);
    assert.equal(byId["osv:PyPI"]?.inputDigest, "sha256:osv:PyPI");
  });
});
