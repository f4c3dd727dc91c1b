import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { debianOvalImporter } from "../../src/ecosystems/deb/feeds/debian-oval-importer.js";
import { ubuntuOvalImporter } from "../../src/ecosystems/deb/feeds/ubuntu-oval-importer.js";
import { redhatOvalImporter } from "../../src/ecosystems/rpm/feeds/redhat-oval-importer.js";
import type { XmlElement } from "../../src/feeds/oval/oval-types.js";
import { OvalRecordError, toCriteria } from "../../src/feeds/oval/parse-oval-elements.js";
import { byId, type ImportRun, importFile, tempDir } from "./native-test-helpers.js";
import { debianDocument, redhatDocument, ubuntuDocument } from "./oval-documents.js";

const workspace = tempDir();
after(() => workspace.cleanup());

function write(relativePath: string, text: string): string {
  writeFileSync(join(workspace.dir, relativePath), text);
  return relativePath;
}

describe("Red Hat style criteria", () => {
  let run: ImportRun;
  before(async () => {
    run = await importFile(
      redhatOvalImporter,
      workspace.dir,
      write("com.redhat.rhsa-RHEL9.xml", redhatDocument),
    );
  });

  it("counts every definition, broken ones included", () => {
    assert.equal(run.count, 6);
  });

  it("reads a module-scoped erratum: binary rpms, fixed EVRs, the stream, rhel:9", () => {
    const [advisory] = byId(run, "RHSA-2099:0001");
    assert.ok(advisory);
    assert.deepEqual(advisory.aliases, ["CVE-2099-1000"]);
    assert.equal(advisory.summary, "widget:2 security update (Important)");
    assert.equal(advisory.published, "2099-01-02");
    assert.equal(advisory.modified, "2099-01-03");
    assert.deepEqual(advisory.cwes, ["CWE-787"]);
    assert.deepEqual(
      advisory.severities.map((s) => [s.severity, s.cvssVersion, s.score]),
      [
        ["high", undefined, undefined],
        ["high", "3.1", 7.5],
      ],
    );
    assert.ok(advisory.references.some((r) => r.url === "https://bugzilla.redhat.com/1"));
    assert.deepEqual(
      advisory.affected.map((a) => [a.name, a.distro, a.nameKind, a.module, a.ranges, a.fix]),
      ["widget", "widget-libs"].map((name) => [
        name,
        "rhel:9",
        "binary",
        "widget:2",
        [{ scheme: "rpm", introduced: "0", fixed: "2.0-1.el9" }],
        { state: "fixed", versions: ["2.0-1.el9"] },
      ]),
    );
  });

  it("gives a negated package test no affected package", () => {
    const [advisory] = byId(run, "RHSA-2099:0002");
    assert.ok(advisory);
    assert.deepEqual(advisory.affected, []);
  });

  it("turns a dangling test reference and an XOR over packages into diagnostics", () => {
    assert.equal(byId(run, "RHSA-2099:0003").length, 0);
    assert.equal(byId(run, "RHSA-2099:0004").length, 0);
    const malformed = run.diagnostics.filter((d) => d.code === "malformed-record").map((d) => d.message);
    assert.equal(malformed.length, 2);
    assert.match(malformed[0] ?? "", /oval:t:def:3: criterion points at missing test oval:t:tst:missing/);
    assert.match(malformed[1] ?? "", /oval:t:def:4: .*XOR/);
  });

  it("reads a release check ORed with the package tests as a condition, and says so", () => {
    const [advisory] = byId(run, "RHSA-2099:0005");
    assert.ok(advisory);
    assert.deepEqual(
      advisory.affected.map((a) => [a.name, a.ranges]),
      [["gadget", [{ scheme: "rpm", introduced: "0", fixed: "1:3.1-2.el9_1" }]]],
    );
    const repaired = run.diagnostics.find((d) => d.code === "oval-criteria-repaired");
    assert.match(repaired?.message ?? "", /oval:t:def:5/);
    assert.equal(repaired?.level, "info");
  });

  it("reads an installed-and-signed test alone as affected with no fix", () => {
    const [advisory] = byId(run, "RHSA-2099:0006");
    assert.deepEqual(
      advisory?.affected.map((a) => [a.name, a.ranges, a.fix.state]),
      [["gadget", [{ scheme: "rpm", introduced: "0" }], "not-fixed"]],
    );
  });
});

describe("Debian style criteria", () => {
  let run: ImportRun;
  before(async () => {
    run = await importFile(
      debianOvalImporter,
      workspace.dir,
      write("oval-definitions-bookworm.xml", debianDocument),
    );
  });

  it("merges one CVE's per-package definitions into one advisory with source packages of debian:12", () => {
    assert.equal(run.count, 4);
    const [advisory, ...rest] = byId(run, "CVE-2099-0001");
    assert.equal(rest.length, 0);
    assert.deepEqual(
      advisory?.affected.map((a) => [a.name, a.distro, a.nameKind, a.ranges[0]?.fixed, a.fix.state]),
      [
        ["expat", "debian:12", "source", "2.5.0-1", "fixed"],
        ["xmlrpc-c", "debian:12", "source", "1:1.59.1-1", "fixed"],
      ],
    );
  });

  it("reads the generator's 0:0 sentinel as affected with no fix, with the vendor note", () => {
    const [tar] = byId(run, "CVE-2099-0002")[0]?.affected ?? [];
    assert.equal(tar?.status, "affected");
    assert.deepEqual(tar?.ranges, [{ scheme: "dpkg", introduced: "0" }]);
    assert.equal(tar?.fix.state, "not-fixed");
    assert.match(tar?.note ?? "", /no fixed version/);
  });

  it("reports a definition without an id and reads the others", () => {
    assert.equal(run.diagnostics.filter((d) => d.code === "malformed-record").length, 1);
    assert.equal(run.advisories.length, 2);
  });
});

describe("Ubuntu style criteria", () => {
  it("resolves the extended inventory definition, variable name lists and Pro-only fixes", async () => {
    const run = await importFile(
      ubuntuOvalImporter,
      workspace.dir,
      write("com.ubuntu.noble.usn.oval.xml", ubuntuDocument),
    );
    assert.equal(run.count, 2);
    assert.equal(run.advisories.length, 1);
    const [advisory] = run.advisories;
    assert.equal(advisory?.id, "USN-7000-1");
    assert.equal(advisory?.summary, "Expat vulnerabilities");
    assert.deepEqual(
      advisory?.severities.map((s) => [s.severity, s.vector, s.score]),
      [
        ["medium", undefined, undefined],
        ["high", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H", 7.5],
      ],
    );
    assert.deepEqual(
      advisory?.affected.map((a) => [a.name, a.distro, a.nameKind, a.ranges[0]?.fixed, a.note]),
      [
        ["expat", "ubuntu:24.04", "binary", "2.6.1-2ubuntu0.1", undefined],
        ["libexpat1", "ubuntu:24.04", "binary", "2.6.1-2ubuntu0.1", undefined],
        ["xmltok1", "ubuntu:24.04", "binary", "1.2-3ubuntu0.1~esm1", "fix available with Ubuntu Pro (ESM)"],
      ],
    );
  });
});

describe("hostile criteria", () => {
  it("refuses absurdly deep nesting as one record's problem", () => {
    let element: XmlElement = { name: "criterion", attrs: { test_ref: "t" }, children: [], text: "" };
    for (let i = 0; i < 100; i++) element = { name: "criteria", attrs: {}, children: [element], text: "" };
    assert.throws(() => toCriteria(element, "oval:x:def:1"), OvalRecordError);
  });
});
