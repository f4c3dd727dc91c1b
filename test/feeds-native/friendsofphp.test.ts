import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { friendsOfPhpImporter } from "../../src/ecosystems/composer/feeds/friendsofphp-importer.js";
import { parseFriendsOfPhpAdvisory } from "../../src/ecosystems/composer/feeds/parse-friendsofphp-advisory.js";
import { byId, importFile, needsVulndata, tempDir, vulndata } from "./native-test-helpers.js";
import { writeZip } from "./write-zip.js";

const workspace = tempDir();
after(() => workspace.cleanup());

describe("FriendsOfPHP advisories", () => {
  it("turns each branch into a composer range", () => {
    const a = parseFriendsOfPhpAdvisory(
      "alterphp/easyadmin-extension-bundle/2018-10-02.yaml",
      `title:     Action case insensitivity
link:      https://github.com/alterphp/EasyAdminExtensionBundle/releases/tag/v1.3.1
cve:       ~
branches:
    1.3.x:
        time:     2018-10-02 00:01:00
        versions: ['>=1.3.0', '<1.3.1']
    1.2.x:
        time:     2018-10-01 00:01:00
        versions: ['>=1.2.0', '<=1.2.10']
reference: composer://alterphp/easyadmin-extension-bundle
`,
      "friendsofphp",
    );
    assert.equal(a.id, "alterphp/easyadmin-extension-bundle/2018-10-02");
    assert.equal(a.published, "2018-10-01T00:01:00.000Z");
    assert.deepEqual(a.affected, [
      {
        ecosystem: "composer",
        name: "alterphp/easyadmin-extension-bundle",
        status: "affected",
        ranges: [
          { scheme: "composer", introduced: "1.3.0", fixed: "1.3.1" },
          { scheme: "composer", introduced: "1.2.0", lastAffected: "1.2.10" },
        ],
        fix: { state: "fixed", versions: ["1.3.1"] },
      },
    ]);
  });

  it("keeps the branch constraints as requirements when a bound is exclusive below", () => {
    const a = parseFriendsOfPhpAdvisory(
      "drupal/core/CVE-2019-6342.yaml",
      "title: t\nlink: https://x.org\ncve: CVE-2019-6342\nbranches:\n  8.7.x:\n    time: 2019-07-17 00:00:00\n    versions: ['>8.7.3', '<8.7.5']\nreference: composer://drupal/core\ncomposer-repository: false\n",
      "friendsofphp",
    );
    assert.equal(a.id, "CVE-2019-6342");
    assert.deepEqual(a.affected[0]?.ranges, []);
    assert.deepEqual(a.affected[0]?.requirements, { scheme: "composer", affected: [">8.7.3,<8.7.5"] });
    assert.match(a.affected[0]?.note ?? "", /not distributed through Packagist/);
  });

  it("reports records without a composer reference and reads the rest of the zip", async () => {
    mkdirSync(join(workspace.dir, "friendsofphp"), { recursive: true });
    writeFileSync(
      join(workspace.dir, "friendsofphp/security-advisories.zip"),
      writeZip([
        ["security-advisories-master/.github/workflows/ci.yml", "on: push\n"],
        [
          "security-advisories-master/acme/lib/CVE-2099-1.yaml",
          "title: t\nbranches:\n  m:\n    versions: ['<1.0']\nreference: composer://acme/lib\ncve: CVE-2099-1\n",
        ],
        [
          "security-advisories-master/acme/other/CVE-2099-1.yaml",
          "title: t\nbranches:\n  m:\n    versions: ['<2.0']\nreference: composer://acme/other\ncve: CVE-2099-1\n",
        ],
        [
          "security-advisories-master/acme/bad/2099-01-01.yaml",
          "title: t\nbranches:\n  m:\n    versions: ['<1.0']\nreference: https://acme.org\n",
        ],
      ]),
    );
    const run = await importFile(friendsOfPhpImporter, workspace.dir, "friendsofphp/security-advisories.zip");
    assert.equal(run.count, 3);
    assert.deepEqual(
      byId(run, "CVE-2099-1")[0]?.affected.map((a) => [a.name, a.ranges[0]?.fixed]),
      [
        ["acme/lib", "1.0"],
        ["acme/other", "2.0"],
      ],
    );
    assert.equal(run.diagnostics.length, 1);
    assert.match(
      run.diagnostics[0]?.message ?? "",
      /acme\/bad\/2099-01-01\.yaml: reference "https:\/\/acme\.org"/,
    );
  });
});

describe("FriendsOfPHP (shared/vulndata)", { skip: needsVulndata }, () => {
  it("reads 1592 advisories with no diagnostics; adodb's branch range", async () => {
    const run = await importFile(friendsOfPhpImporter, vulndata, "friendsofphp/security-advisories.zip");
    assert.equal(run.count, 1592);
    assert.deepEqual(run.diagnostics, []);
    assert.equal(run.advisories.flatMap((a) => a.affected).length, 1592);
    const adodb = byId(run, "CVE-2016-4855")[0]?.affected.find((a) => a.name === "adodb/adodb-php");
    assert.deepEqual(adodb?.ranges, [{ scheme: "composer", introduced: "0", fixed: "5.20.6" }]);
  });
});
