import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { nodejsSecurityWgImporter } from "../../src/ecosystems/npm/feeds/nodejs-security-wg-importer.js";
import { parseSecurityWgRecord } from "../../src/ecosystems/npm/feeds/parse-nodejs-security-wg.js";
import { byId, importFile, needsVulndata, tempDir, vulndata } from "./native-test-helpers.js";
import { writeZip } from "./write-zip.js";

const workspace = tempDir();
after(() => workspace.cleanup());

describe("Node.js security-wg records", () => {
  it("reads an npm advisory's vulnerable range and its fix", () => {
    const [a] = parseSecurityWgRecord(
      "vuln/npm/7.json",
      JSON.stringify({
        id: 7,
        module_name: "widget",
        cves: ["CVE-2099-7"],
        vulnerable_versions: ">=1.0.0 <1.2.3 || >=2.0.0 <2.0.5",
        patched_versions: ">=1.2.3 <2.0.0 || >=2.0.5",
        title: "t",
        cvss_vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        cvss_score: 9.8,
        publish_date: "2099-01-01",
      }),
      "nodejs-security-wg",
    );
    assert.equal(a?.id, "NSWG-ECO-7");
    assert.deepEqual(a?.affected[0]?.ranges, [
      { scheme: "semver", introduced: "1.0.0", fixed: "1.2.3" },
      { scheme: "semver", introduced: "2.0.0", fixed: "2.0.5" },
    ]);
    assert.deepEqual(a?.affected[0]?.fix, { state: "fixed", versions: ["1.2.3", "2.0.5"] });
    assert.equal(a?.severities[0]?.severity, "critical");
  });

  it("reads a core advisory as vulnerable lines minus patched versions, on node-runtime", () => {
    const [a] = parseSecurityWgRecord(
      "security-wg-main/vuln/core/1.json",
      JSON.stringify({
        cve: ["CVE-2017-1000381"],
        vulnerable: "8.x || 7.x",
        patched: "^8.1.4 || ^7.10.1",
        severity: "high",
      }),
      "nodejs-security-wg",
    );
    assert.equal(a?.id, "NSWG-CORE-1");
    assert.deepEqual([a?.affected[0]?.ecosystem, a?.affected[0]?.name], ["node-runtime", "node"]);
    assert.deepEqual(a?.affected[0]?.ranges, [
      { scheme: "semver", introduced: "7.0.0", fixed: "7.10.1" },
      { scheme: "semver", introduced: "8.0.0", fixed: "8.1.4" },
    ]);
  });

  it("keeps the range strings when the difference has an exclusive lower bound", () => {
    const [a] = parseSecurityWgRecord(
      "vuln/core/9.json",
      JSON.stringify({ cve: [], vulnerable: "4.x", patched: "4.4.2" }),
      "nodejs-security-wg",
    );
    assert.deepEqual(a?.affected[0]?.ranges, []);
    assert.deepEqual(a?.affected[0]?.requirements, {
      scheme: "semver",
      affected: ["4.x"],
      unaffected: ["4.4.2"],
    });
  });

  it("reads a deps statement as one not-affected advisory per CVE", () => {
    const advisories = parseSecurityWgRecord(
      "vuln/deps/3.json",
      JSON.stringify({ cve: ["CVE-2099-1", "CVE-2099-2"], reason: "vulnerable_code_not_in_execute_path" }),
      "nodejs-security-wg",
    );
    assert.deepEqual(
      advisories.map((a) => [a.id, a.affected[0]?.status, a.affected[0]?.note]),
      [
        ["CVE-2099-1", "not-affected", "vulnerable code not in execute path"],
        ["CVE-2099-2", "not-affected", "vulnerable code not in execute path"],
      ],
    );
  });

  it("skips index.json, reports an unreadable record and reads the rest", async () => {
    mkdirSync(join(workspace.dir, "nodejs-security-wg"), { recursive: true });
    writeFileSync(
      join(workspace.dir, "nodejs-security-wg/vuln.zip"),
      writeZip([
        ["vuln/npm/index.json", "{}"],
        [
          "vuln/npm/1.json",
          '{"module_name": "a", "vulnerable_versions": "<1.0.0", "patched_versions": ">=1.0.0"}',
        ],
        ["vuln/npm/2.json", '{"module_name": "b", '],
      ]),
    );
    const run = await importFile(nodejsSecurityWgImporter, workspace.dir, "nodejs-security-wg/vuln.zip");
    assert.equal(run.count, 2);
    assert.equal(byId(run, "NSWG-ECO-1")[0]?.affected[0]?.ranges[0]?.fixed, "1.0.0");
    assert.equal(run.diagnostics.length, 1);
    assert.match(run.diagnostics[0]?.message ?? "", /vuln\/npm\/2\.json/);
  });
});

describe("Node.js security-wg (shared/vulndata)", { skip: needsVulndata }, () => {
  it("reads 644 records (npm 467, core 171, deps 6; the three index.json files repeat them)", async () => {
    const run = await importFile(nodejsSecurityWgImporter, vulndata, "nodejs-security-wg/vuln.zip");
    assert.equal(run.count, 644);
    assert.deepEqual(run.diagnostics, []);
    assert.equal(run.advisories.filter((a) => a.id.startsWith("NSWG-ECO-")).length, 467);
    assert.equal(run.advisories.filter((a) => a.id.startsWith("NSWG-CORE-")).length, 171);
    const [bassmaster] = byId(run, "NSWG-ECO-1");
    assert.deepEqual(bassmaster?.affected[0]?.ranges, [
      { scheme: "semver", introduced: "0", lastAffected: "1.5.1" },
    ]);
    assert.deepEqual(bassmaster?.aliases, ["CVE-2014-7205"]);
  });
});
