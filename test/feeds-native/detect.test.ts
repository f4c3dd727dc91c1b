import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { importers } from "../../src/app/importers.js";
import type { Importer } from "../../src/model/index.js";
import { needsVulndata, vulndata } from "./native-test-helpers.js";

/** The native importers this suite covers and the files of shared/vulndata each must claim. */
const expected: Record<string, string> = {
  "debian-oval/oval-definitions-bookworm.xml.bz2": "debian-oval debian-oval:bookworm",
  "debian-oval/oval-definitions-bullseye.xml.bz2": "debian-oval debian-oval:bullseye",
  "debian-oval/oval-definitions-buster.xml.bz2": "debian-oval debian-oval:buster",
  "ubuntu-oval/com.ubuntu.noble.usn.oval.xml.bz2": "ubuntu-oval ubuntu-oval:noble",
  "ubuntu-oval/com.ubuntu.jammy.usn.oval.xml.bz2": "ubuntu-oval ubuntu-oval:jammy",
  "redhat-oval/com.redhat.rhsa-RHEL9.xml.bz2": "redhat-oval redhat-oval:9",
  "rocky-oval/org.rockylinux.rlsa-8.xml.bz2": "rocky-oval rocky-oval:8",
  "rocky-oval/org.rockylinux.rlsa-9.xml.bz2": "rocky-oval rocky-oval:9",
  "azurelinux-oval/azurelinux-3.0-oval.xml": "azurelinux-oval azurelinux-oval:3.0",
  "debian-tracker/data/DSA/list": "debian-advisory-lists debian-dsa",
  "debian-tracker/data/DLA/list": "debian-advisory-lists debian-dla",
  "debian-tracker/data/DTSA/list": "debian-advisory-lists debian-dtsa",
  "rubysec/ruby-advisory-db.zip": "rubysec rubysec",
  "friendsofphp/security-advisories.zip": "friendsofphp friendsofphp",
  "nodejs-security-wg/vuln.zip": "nodejs-security-wg nodejs-security-wg",
};
const native = new Set(Object.values(expected).map((v) => v.split(" ")[0]));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
  );
}

describe("detection over shared/vulndata", { skip: needsVulndata }, () => {
  it("claims exactly the native feed files, each for its provider, and nothing else", async () => {
    const claimed: Record<string, string> = {};
    for (const file of files(vulndata)) {
      const rel = relative(vulndata, file);
      for (const importer of Object.values(importers) as Importer[]) {
        if (!native.has(importer.name)) continue;
        const found = await importer.detect(file, rel);
        if (found === undefined) continue;
        assert.equal(claimed[rel], undefined, `${rel} claimed twice`);
        assert.deepEqual(found.files, [file]);
        claimed[rel] = `${found.importer} ${found.provider}`;
      }
    }
    assert.deepEqual(claimed, expected);
  });

  it("puts the native importers before the general OSV one in the registry", () => {
    const order = Object.keys(importers);
    const osv = order.indexOf("osv");
    for (const name of native)
      assert.ok(order.indexOf(name as string) >= 0 && (osv < 0 || order.indexOf(name as string) < osv), name);
  });
});
