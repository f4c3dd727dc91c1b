import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { nvdImporter, nvdProviderOf } from "../../src/feeds/index.js";
import { isDrydockError } from "../../src/model/index.js";
import {
  advisoriesOf,
  diagnosticsOf,
  runImporter,
  skipWithoutVulndata,
  tempDir,
  vulndata,
} from "./feed-test-helpers.js";

const item = {
  cve: {
    id: "CVE-2021-44228",
    published: "2021-12-10T10:15:09.143",
    lastModified: "2024-07-24T17:08:24.167",
    vulnStatus: "Modified",
    descriptions: [
      { lang: "es", value: "no" },
      { lang: "en", value: "Apache Log4j2 JNDI features do not protect against attacker controlled LDAP." },
    ],
    metrics: {
      cvssMetricV31: [
        {
          source: "nvd@nist.gov",
          type: "Primary",
          cvssData: {
            version: "3.1",
            vectorString: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
            baseScore: 10,
          },
        },
        {
          source: "security@apache.org",
          type: "Secondary",
          cvssData: {
            version: "3.1",
            vectorString: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H",
            baseScore: 8.1,
          },
        },
      ],
      cvssMetricV2: [
        {
          source: "nvd@nist.gov",
          type: "Primary",
          cvssData: { version: "2.0", vectorString: "AV:N/AC:M/Au:N/C:C/I:C/A:C", baseScore: 9.3 },
          baseSeverity: "HIGH",
        },
      ],
    },
    weaknesses: [
      {
        source: "nvd@nist.gov",
        type: "Primary",
        description: [
          { lang: "en", value: "CWE-917" },
          { lang: "en", value: "NVD-CWE-noinfo" },
        ],
      },
    ],
    configurations: [
      {
        nodes: [
          {
            operator: "OR",
            negate: false,
            cpeMatch: [
              {
                vulnerable: true,
                criteria: "cpe:2.3:a:apache:log4j:*:*:*:*:*:*:*:*",
                versionStartIncluding: "2.0.1",
                versionEndExcluding: "2.3.1",
                matchCriteriaId: "03FA5E81-F8C9-4BDA-BD39-9E3BC1B7E79C",
              },
            ],
          },
        ],
      },
    ],
    references: [
      { url: "https://logging.apache.org/log4j/2.x/security.html", source: "x", tags: ["Vendor Advisory"] },
      { url: "https://example.com/poc", tags: ["Exploit", "Third Party Advisory"] },
      { url: "https://example.com/blog" },
    ],
  },
};

function nvdDocument(items: unknown[]): string {
  return JSON.stringify({
    resultsPerPage: items.length,
    format: "NVD_CVE",
    version: "2.0",
    vulnerabilities: items,
  });
}

describe("nvdImporter", () => {
  it("names providers after the file stem", () => {
    assert.equal(nvdProviderOf("/x/nvdcve-2016.json.gz"), "nvd:2016");
    assert.equal(nvdProviderOf("/x/nvdcve-2.0-modified.json.gz"), "nvd:modified");
    assert.equal(nvdProviderOf("/x/nvdcve-2.0-2024.json"), "nvd:2024");
  });

  it("parses metrics from every source, CWEs, references and CPE configurations", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "nvdcve-2021.json.gz");
      const rejected = {
        cve: { id: "CVE-2021-0001", vulnStatus: "Rejected", lastModified: "2022-01-01T00:00:00.000" },
      };
      writeFileSync(file, gzipSync(nvdDocument([item, { nope: 1 }, rejected])));
      assert.equal((await nvdImporter.detect(file, "nvdcve-2021.json.gz"))?.provider, "nvd:2021");
      const { records, count } = await runImporter(nvdImporter, [file], "nvd:2021");
      assert.equal(count, 3);
      const [log4j, rej] = advisoriesOf(records);
      assert.equal(diagnosticsOf(records)[0]?.code, "nvd-invalid-record");
      assert.ok(log4j && rej);
      assert.equal(log4j.provider, "nvd:2021");
      assert.match(log4j.details ?? "", /^Apache Log4j2/);
      assert.deepEqual(log4j.cwes, ["CWE-917"]);
      assert.deepEqual(
        log4j.severities.map((s) => [s.source, s.cvssVersion, s.score, s.severity]),
        [
          ["nvd", "3.1", 10, "critical"],
          ["security@apache.org", "3.1", 8.1, "high"],
          ["nvd", "2.0", 9.3, "high"],
        ],
      );
      assert.deepEqual(
        log4j.references.map((r) => r.type),
        ["ADVISORY", "EVIDENCE", undefined],
      );
      assert.equal(log4j.cpeConfigurations?.[0]?.nodes[0]?.cpeMatch[0]?.versionEndExcluding, "2.3.1");
      assert.equal(rej.withdrawn, "2022-01-01T00:00:00.000");
    } finally {
      cleanup();
    }
  });

  it("fails on a truncated gzip", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "nvdcve-2021.json.gz");
      writeFileSync(file, gzipSync(nvdDocument([item, item, item])).subarray(0, 200));
      await assert.rejects(
        runImporter(nvdImporter, [file]),
        (e) => isDrydockError(e) && e.code === "DRYDOCK_FEED_UNREADABLE",
      );
    } finally {
      cleanup();
    }
  });

  it("streams the real nvdcve-modified file (2393 records)", { skip: skipWithoutVulndata }, async () => {
    const file = join(vulndata, "nvd/nvd_api_cache/nvdcve-modified.json.gz");
    const { records, count } = await runImporter(nvdImporter, [file], "nvd:modified");
    assert.equal(count, 2393);
    const advisories = advisoriesOf(records);
    assert.equal(advisories.length, 2393);
    assert.ok(advisories.filter((a) => a.severities.some((s) => s.score !== undefined)).length > 1000);
  });
});
