import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { epssImporter, kevImporter, parseEpssLine } from "../../src/feeds/index.js";
import type { FeedRecord } from "../../src/model/index.js";
import { diagnosticsOf, runImporter, skipWithoutVulndata, tempDir, vulndata } from "./feed-test-helpers.js";
import { makeZip } from "./make-zip.js";

const kevOf = (records: FeedRecord[]) => records.flatMap((r) => (r.kind === "kev" ? [r.entry] : []));
const epssOf = (records: FeedRecord[]) => records.flatMap((r) => (r.kind === "epss" ? [r.score] : []));

describe("kevImporter", () => {
  it("reads JSON and CSV; both together count each entry once", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const json = join(dir, "kev.json");
      const csv = join(dir, "kev.csv");
      writeFileSync(
        json,
        JSON.stringify({
          catalogVersion: "2025.01.01",
          vulnerabilities: [
            {
              cveID: "CVE-2021-44228",
              vendorProject: "Apache",
              product: "Log4j2",
              vulnerabilityName: "Log4Shell",
              dateAdded: "2021-12-10",
              dueDate: "2021-12-24",
              knownRansomwareCampaignUse: "Known",
            },
            { cveID: "not-a-cve", dateAdded: "2021-12-10" },
          ],
        }),
      );
      writeFileSync(
        csv,
        "cveID,vendorProject,product,vulnerabilityName,dateAdded,shortDescription,requiredAction,dueDate,knownRansomwareCampaignUse,notes,cwes\n" +
          'CVE-2021-44228,Apache,Log4j2,"Log4Shell",2021-12-10,"a, b",act,2021-12-24,Known,"",CWE-917\n' +
          'CVE-2023-0001,Vendor,"Prod, X","Multi\nline",2023-01-02,d,act,2023-01-23,Unknown,n,\n',
      );
      assert.equal((await kevImporter.detect(json, "kev.json"))?.provider, "kev");
      assert.equal((await kevImporter.detect(csv, "kev.csv"))?.provider, "kev");
      const { records, count } = await runImporter(kevImporter, [json, csv]);
      const kev = kevOf(records);
      assert.deepEqual(
        kev.map((k) => k.cve),
        ["CVE-2021-44228", "CVE-2023-0001"],
      );
      assert.equal(count, 3, "two entries plus the invalid one");
      assert.deepEqual(kev[0], {
        cve: "CVE-2021-44228",
        dateAdded: "2021-12-10",
        vendorProject: "Apache",
        product: "Log4j2",
        name: "Log4Shell",
        dueDate: "2021-12-24",
        knownRansomwareCampaignUse: "Known",
      });
      assert.equal(kev[1]?.product, "Prod, X");
      assert.equal(diagnosticsOf(records)[0]?.code, "kev-invalid-entry");
    } finally {
      cleanup();
    }
  });

  it("reads the real catalog, JSON and CSV (1404 entries each)", { skip: skipWithoutVulndata }, async () => {
    const json = await runImporter(kevImporter, [join(vulndata, "kev/known_exploited_vulnerabilities.json")]);
    const csv = await runImporter(kevImporter, [join(vulndata, "kev/known_exploited_vulnerabilities.csv")]);
    assert.equal(json.count, 1404);
    assert.equal(csv.count, 1404);
    assert.deepEqual(kevOf(csv.records), kevOf(json.records));
    assert.equal(
      await kevImporter.detect(join(vulndata, "kev/known_exploited_vulnerabilities_schema.json"), "x"),
      undefined,
    );
  });
});

describe("epssImporter", () => {
  it("parses both line layouts", () => {
    assert.deepEqual(
      parseEpssLine("#model_version:v2023.03.01,score_date:2023-07-10T00:00:00+0000", undefined),
      {
        kind: "model",
        date: "2023-07-10",
      },
    );
    assert.deepEqual(parseEpssLine("cve,epss,percentile", undefined), { kind: "header" });
    assert.deepEqual(parseEpssLine("CVE-1999-0001,0.011,0.83", "2023-07-10"), {
      kind: "score",
      score: { cve: "CVE-1999-0001", epss: 0.011, percentile: 0.83, date: "2023-07-10" },
    });
    assert.deepEqual(parseEpssLine("CVE-2020-1234;0.001200000;0.021680000", undefined), {
      kind: "score",
      score: { cve: "CVE-2020-1234", epss: 0.0012, percentile: 0.02168 },
    });
    assert.equal(parseEpssLine("CVE-2020-1234;1.5;0.2", undefined).kind, "invalid");
    assert.equal(parseEpssLine("CVE-2020-1234;;0.2", undefined).kind, "invalid");
    assert.equal(parseEpssLine("hello", undefined).kind, "invalid");
  });

  it("reads the gzip'd bulk CSV with its model line, and a zip of plain files", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const bulk = join(dir, "epss_scores-2023-07-10.csv.gz");
      writeFileSync(
        bulk,
        gzipSync(
          "#model_version:v2023.03.01,score_date:2023-07-10T00:00:00+0000\ncve,epss,percentile\nCVE-1999-0001,0.011,0.83\nCVE-1999-0002,x,0.1\n",
        ),
      );
      const zip = join(dir, "epss.zip");
      writeFileSync(
        zip,
        makeZip({ "d/CVE_2020_EPSS.csv": "CVE-2020-0001;0.5;0.9\r\nCVE-2020-0002;0.25;0.8\r\n" }),
      );
      assert.equal((await epssImporter.detect(bulk, "x"))?.provider, "epss");
      assert.equal((await epssImporter.detect(zip, "x"))?.provider, "epss");
      const { records, count } = await runImporter(epssImporter, [bulk, zip]);
      assert.equal(count, 4);
      assert.deepEqual(epssOf(records), [
        { cve: "CVE-1999-0001", epss: 0.011, percentile: 0.83, date: "2023-07-10" },
        { cve: "CVE-2020-0001", epss: 0.5, percentile: 0.9 },
        { cve: "CVE-2020-0002", epss: 0.25, percentile: 0.8 },
      ]);
      assert.equal(diagnosticsOf(records)[0]?.file, "epss_scores-2023-07-10.csv.gz:4");
    } finally {
      cleanup();
    }
  });

  it("streams the real EMBA zip (360,142 rows)", { skip: skipWithoutVulndata }, async () => {
    const file = join(vulndata, "epss/EMBA-EPSS_CVE_data.zip");
    let rows = 0;
    let count = 0;
    const snapshot = { provider: "epss", source: file, files: [file], fetchedAt: "", digest: "" };
    for await (const r of epssImporter.parse(snapshot, (n = 1) => {
      count += n;
    })) {
      if (r.kind === "epss") rows++;
    }
    assert.equal(rows, 360142);
    assert.equal(count, 360142);
  });
});
