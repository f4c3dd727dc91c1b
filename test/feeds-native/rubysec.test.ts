import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { bumpGemVersion, parseGemRequirement } from "../../src/ecosystems/gem/feeds/gem-requirements.js";
import { parseRubysecAdvisory } from "../../src/ecosystems/gem/feeds/parse-rubysec-advisory.js";
import { rubysecImporter } from "../../src/ecosystems/gem/feeds/rubysec-importer.js";
import { isDrydockError } from "../../src/model/errors.js";
import { byId, importFile, needsVulndata, parseWith, tempDir, vulndata } from "./native-test-helpers.js";
import { writeZip } from "./write-zip.js";

const workspace = tempDir();
after(() => workspace.cleanup());

function advisory(yaml: string, path = "gems/widget/CVE-2099-0001.yml") {
  return parseRubysecAdvisory(path, yaml, "rubysec");
}

describe("RubyGems requirements", () => {
  it("bumps like Gem::Version#bump", () => {
    assert.equal(bumpGemVersion("1.2.3"), "1.3");
    assert.equal(bumpGemVersion("4.0"), "5");
    assert.equal(bumpGemVersion("3"), "4");
    assert.equal(bumpGemVersion("3.0.0.rc1"), "3.1");
    assert.equal(bumpGemVersion("5.2.4.3"), "5.2.5");
  });

  it("reads conjunctions, ~> and != as version sets", () => {
    assert.deepEqual(parseGemRequirement("~> 4.2.0, >= 4.2.5.1"), [
      { lower: { version: "4.2.5.1", inclusive: true }, upper: { version: "4.3", inclusive: false } },
    ]);
    assert.deepEqual(parseGemRequirement("!= 1.0"), [
      { upper: { version: "1.0", inclusive: false } },
      { lower: { version: "1.0", inclusive: false } },
    ]);
    assert.equal(parseGemRequirement(">= not.a version"), undefined);
  });
});

describe("rubysec advisories", () => {
  it("affects what neither patched nor unaffected requirements admit", () => {
    const a = advisory(`---
gem: actionpack
cve: 2020-8164
ghsa: 8727-m6gj-mc37
date: 2020-05-18
title: Strong parameters bypass
cvss_v3: 7.5
url: https://example.org/a
unaffected_versions:
  - "< 4.0.0"
patched_versions:
  - "~> 5.2.4, >= 5.2.4.3"
  - ">= 6.0.3.1"
`);
    assert.equal(a.id, "CVE-2099-0001");
    assert.deepEqual(a.aliases, ["CVE-2020-8164", "GHSA-8727-m6gj-mc37"]);
    assert.deepEqual(a.affected[0]?.ranges, [
      { scheme: "gem", introduced: "4.0.0", fixed: "5.2.4.3" },
      { scheme: "gem", introduced: "5.3", fixed: "6.0.3.1" },
    ]);
    assert.deepEqual(a.affected[0]?.fix, { state: "fixed", versions: ["5.2.4.3", "6.0.3.1"] });
    assert.deepEqual(a.severities, [{ source: "rubysec", severity: "high", score: 7.5, cvssVersion: "3.x" }]);
    assert.equal(a.published, "2020-05-18");
  });

  it("keeps requirement strings when events cannot say them (an inclusive upper bound of the safe set)", () => {
    const a = advisory(`gem: widget
title: t
date: 2020-01-01
url: https://example.org
unaffected_versions: ["<= 1.0"]
patched_versions: [">= 1.5"]
`);
    assert.deepEqual(a.affected[0]?.ranges, []);
    assert.deepEqual(a.affected[0]?.requirements, { scheme: "gem", unaffected: [">= 1.5", "<= 1.0"] });
  });

  it("files Ruby implementations under ruby-engine, with no patch as not-fixed", () => {
    const a = advisory(
      "engine: jruby\ntitle: t\ndate: 2020-01-01\nurl: https://e.org\n",
      "rubies/jruby/OSVDB-1.yml",
    );
    assert.deepEqual(
      [a.affected[0]?.ecosystem, a.affected[0]?.name, a.affected[0]?.ranges, a.affected[0]?.fix.state],
      ["ruby-engine", "jruby", [{ scheme: "gem", introduced: "0" }], "not-fixed"],
    );
  });

  it("rejects what is not an advisory", () => {
    assert.throws(() => advisory("- just\n- a list\n"), /not a YAML mapping/);
    assert.throws(() => advisory("gem: x\npatched_versions: 1.0\n"), /patched_versions is not a list/);
  });

  it("merges one CVE filed under two gems, and reports a broken file while reading the rest", async () => {
    const entries: [string, string][] = [
      ["ruby-advisory-db-master/README.md", "# not an advisory"],
      [
        "ruby-advisory-db-master/gems/actionpack/CVE-2099-1.yml",
        "gem: actionpack\npatched_versions: ['>= 2.0']\n",
      ],
      ["ruby-advisory-db-master/gems/broken/CVE-2099-2.yml", "gem: [unclosed\n"],
      [
        "ruby-advisory-db-master/gems/activesupport/CVE-2099-1.yml",
        "gem: activesupport\npatched_versions: ['>= 3.0']\n",
      ],
    ];
    mkdirSync(join(workspace.dir, "rubysec"), { recursive: true });
    writeFileSync(join(workspace.dir, "rubysec/ruby-advisory-db-master.zip"), writeZip(entries));
    const run = await importFile(rubysecImporter, workspace.dir, "rubysec/ruby-advisory-db-master.zip");
    assert.equal(run.count, 3);
    assert.deepEqual(
      byId(run, "CVE-2099-1")[0]?.affected.map((a) => [a.name, a.ranges[0]?.fixed]),
      [
        ["actionpack", "2.0"],
        ["activesupport", "3.0"],
      ],
    );
    assert.equal(run.diagnostics.length, 1);
    assert.match(run.diagnostics[0]?.message ?? "", /gems\/broken\/CVE-2099-2\.yml/);
  });

  it("refuses a zip that is not one with DRYDOCK_FEED_UNREADABLE", async () => {
    const file = join(workspace.dir, "rubysec/ruby-advisory-db.zip");
    writeFileSync(file, "PK\u0003\u0004 and then nothing");
    await assert.rejects(parseWith(rubysecImporter, "rubysec", [file]), (error: unknown) => {
      assert.ok(isDrydockError(error) && error.code === "DRYDOCK_FEED_UNREADABLE");
      assert.match(error.message, /ruby-advisory-db\.zip/);
      return true;
    });
  });
});

describe("rubysec (shared/vulndata)", { skip: needsVulndata }, () => {
  it("reads 1381 advisories (gems 1234, rubies 147) with no diagnostics", async () => {
    const run = await importFile(rubysecImporter, vulndata, "rubysec/ruby-advisory-db.zip");
    assert.equal(run.count, 1381);
    assert.deepEqual(run.diagnostics, []);
    const affected = run.advisories.flatMap((a) => a.affected);
    assert.equal(affected.filter((a) => a.ecosystem === "gem").length, 1234);
    assert.equal(affected.filter((a) => a.ecosystem === "ruby-engine").length, 147);
    const [redcloth] = byId(run, "CVE-2012-6684");
    assert.deepEqual(redcloth?.affected[0]?.ranges, [{ scheme: "gem", introduced: "0", fixed: "4.3.0" }]);
    assert.deepEqual(redcloth?.affected[0]?.fix, { state: "fixed", versions: ["4.3.0"] });
    const [ruby] = byId(run, "CVE-2026-46727");
    assert.deepEqual(ruby?.affected[0]?.ranges, [{ scheme: "gem", introduced: "4.0", fixed: "4.0.5" }]);
  });
});
