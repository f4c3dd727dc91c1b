import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { debianAdvisoryListsImporter } from "../../src/ecosystems/deb/feeds/debian-advisory-lists-importer.js";
import { parseListDate } from "../../src/ecosystems/deb/feeds/parse-debian-advisory-list.js";
import { byId, importFile, needsVulndata, tempDir, vulndata } from "./native-test-helpers.js";

const workspace = tempDir();
after(() => workspace.cleanup());

const list = `[02 Jan 2099] DSA-9999-1 widget - security update
	{CVE-2099-0001 CVE-2099-0002}
	[bookworm] - widget 1.2-3+deb12u1
	[bullseye] - widget <not-affected> (Vulnerable code not present)
	[sid] - widget 1.3-1 (bug #123456; medium)
	NOTE: fixed in testing at time of DSA
[01 Jan 2099] DSA-9998-1 gadget - end of life
	[buster] - gadget <end-of-life>
	[stretch] - gadget <unfixed> (high)
	[hamm2] - gadget 1.0-1
	this line means nothing
[31 Dec 2098] DSA-9997 oldstyle
	[woody] - oldstyle 0.1-1woody1
not a header at all
	[bookworm] - orphan 1.0-1
[August 26th, 2005] DTSA-1-1 kismet - various
	{CVE-2005-2626 }
	[etch] - kismet 2005.08.R1-0.1etch1 (high)
`;

describe("Debian advisory lists", () => {
  it("reads advisories, release lines and statuses; bad lines become diagnostics", async () => {
    mkdirSync(join(workspace.dir, "data/DSA"), { recursive: true });
    writeFileSync(join(workspace.dir, "data/DSA/list"), list);
    const run = await importFile(debianAdvisoryListsImporter, workspace.dir, "data/DSA/list");
    assert.equal(run.count, 4);
    const [widget] = byId(run, "DSA-9999-1");
    assert.deepEqual(widget?.aliases, ["CVE-2099-0001", "CVE-2099-0002"]);
    assert.equal(widget?.provider, "debian-dsa");
    assert.equal(widget?.summary, "widget - security update");
    assert.equal(widget?.published, "2099-01-02");
    assert.equal(widget?.details, "fixed in testing at time of DSA");
    assert.deepEqual(
      widget?.affected.map((a) => [a.distro, a.status, a.ranges, a.fix, a.severity?.severity, a.note]),
      [
        [
          "debian:12",
          "affected",
          [{ scheme: "dpkg", introduced: "0", fixed: "1.2-3+deb12u1" }],
          { state: "fixed", versions: ["1.2-3+deb12u1"] },
          undefined,
          undefined,
        ],
        [
          "debian:11",
          "not-affected",
          [],
          { state: "unknown", versions: [] },
          undefined,
          "<not-affected>; Vulnerable code not present",
        ],
        [
          "debian:unstable",
          "affected",
          [{ scheme: "dpkg", introduced: "0", fixed: "1.3-1" }],
          { state: "fixed", versions: ["1.3-1"] },
          "medium",
          "bug #123456",
        ],
      ],
    );
    const [gadget] = byId(run, "DSA-9998-1");
    assert.deepEqual(
      gadget?.affected.map((a) => [a.distro, a.fix.state, a.severity?.severity]),
      [
        ["debian:10", "end-of-life", undefined],
        ["debian:9", "not-fixed", "high"],
      ],
    );
    // An unreadable line does not end the advisory: the release line after it still belongs to it.
    assert.deepEqual(
      byId(run, "DSA-9997")[0]?.affected.map((a) => [a.name, a.distro]),
      [
        ["oldstyle", "debian:3.0"],
        ["orphan", "debian:12"],
      ],
    );
    assert.equal(byId(run, "DTSA-1-1")[0]?.published, "2005-08-26");
    assert.deepEqual(
      run.diagnostics.map((d) => d.message.replace(/:.*/, "")),
      ["line 10", "line 11", "line 14"],
    );
    assert.match(run.diagnostics[0]?.message ?? "", /unknown release codename \[hamm2\]/);
  });

  it("parses both date styles and refuses impossible dates", () => {
    assert.equal(parseListDate("29 Mar 2023"), "2023-03-29");
    assert.equal(parseListDate("September 1st, 2005"), "2005-09-01");
    assert.equal(parseListDate("31 Feb 2023"), undefined);
    assert.equal(parseListDate("yesterday"), undefined);
  });
});

describe("Debian advisory lists (shared/vulndata)", { skip: needsVulndata }, () => {
  for (const [kind, records] of [
    ["DSA", 5406],
    ["DLA", 3534],
    ["DTSA", 208],
  ] as const) {
    it(`reads data/${kind}/list: ${records} advisories, no diagnostics`, async () => {
      const run = await importFile(debianAdvisoryListsImporter, vulndata, `debian-tracker/data/${kind}/list`);
      assert.equal(run.count, records);
      assert.equal(run.advisories.length, records);
      assert.deepEqual(run.diagnostics, []);
      assert.ok(run.advisories.every((a) => a.provider === `debian-${kind.toLowerCase()}`));
    });
  }

  it("knows DSA-5380-1 and DLA-3380-1", async () => {
    const dsa = await importFile(debianAdvisoryListsImporter, vulndata, "debian-tracker/data/DSA/list");
    const [xorg] = byId(dsa, "DSA-5380-1");
    assert.deepEqual(xorg?.aliases, ["CVE-2023-1393"]);
    assert.deepEqual(
      xorg?.affected.map((a) => [a.name, a.distro, a.ranges[0]?.fixed]),
      [["xorg-server", "debian:11", "2:1.20.11-1+deb11u6"]],
    );
    const dla = await importFile(debianAdvisoryListsImporter, vulndata, "debian-tracker/data/DLA/list");
    const [firmware] = byId(dla, "DLA-3380-1");
    assert.equal(firmware?.aliases.length, 11);
    assert.equal(firmware?.affected[0]?.distro, "debian:10");
    assert.equal(firmware?.published, "2023-04-01");
  });
});
