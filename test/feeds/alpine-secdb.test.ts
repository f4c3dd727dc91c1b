import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { alpineSecdbImporter } from "../../src/ecosystems/apk/feeds/alpine-secdb-importer.js";
import { alpineSecdbLegacyImporter } from "../../src/ecosystems/apk/feeds/alpine-secdb-legacy-importer.js";
import { parseSecfixLine } from "../../src/ecosystems/apk/feeds/parse-secfix-line.js";
import { alpineDistroKey } from "../../src/ecosystems/apk/feeds/secdb-records.js";
import {
  advisoriesOf,
  diagnosticsOf,
  runImporter,
  skipWithoutVulndata,
  tempDir,
  vulndata,
} from "./feed-test-helpers.js";

describe("parseSecfixLine", () => {
  const cases: [string, { id: string; aliases: string[] }[], string?][] = [
    ["CVE-2021-30473", [{ id: "CVE-2021-30473", aliases: [] }]],
    ["CVE-2016-9932 XSA-200", [{ id: "CVE-2016-9932", aliases: ["XSA-200"] }]],
    [
      "CVE-2019-17349 CVE-2019-17350 XSA-295",
      [
        { id: "CVE-2019-17349", aliases: ["XSA-295"] },
        { id: "CVE-2019-17350", aliases: ["XSA-295"] },
      ],
    ],
    ["CVE-2018-8897  XSA-260", [{ id: "CVE-2018-8897", aliases: ["XSA-260"] }]],
    ["XSA-207", [{ id: "XSA-207", aliases: [] }]],
    ["GNUTLS-SA-2020-03-31 CVE-2020-11501", [{ id: "CVE-2020-11501", aliases: ["GNUTLS-SA-2020-03-31"] }]],
    [
      "CVE-2020-11501 GNUTLS-SA-2020-03-31 CVE-2020-11501",
      [{ id: "CVE-2020-11501", aliases: ["GNUTLS-SA-2020-03-31"] }],
    ],
    ["CVE 2018-16859", [{ id: "CVE-2018-16859", aliases: [] }]],
    ["CVE_2019-2426", [{ id: "CVE-2019-2426", aliases: [] }]],
    ["CVE-2017-17434-1", [{ id: "CVE-2017-17434", aliases: [] }]],
    ["CVE-2021-35940.patch", [{ id: "CVE-2021-35940", aliases: [] }]],
    ["CVE-2018-14468 (FrameRelay)", [{ id: "CVE-2018-14468", aliases: [] }], "FrameRelay"],
    ["CVE N/A ZBX-11023", [{ id: "ZBX-11023", aliases: [] }]],
    ["CVE-2022-45059 VSV00010", [{ id: "CVE-2022-45059", aliases: ["VSV00010"] }]],
    [
      "CVE-2017-5753 CVE-2017-5715 CVE-2017-5754 XSA-254 XPTI",
      [
        { id: "CVE-2017-5753", aliases: ["XSA-254"] },
        { id: "CVE-2017-5715", aliases: ["XSA-254"] },
        { id: "CVE-2017-5754", aliases: ["XSA-254"] },
      ],
    ],
    ["wnpa-sec-2017-18", [{ id: "wnpa-sec-2017-18", aliases: [] }]],
  ];
  for (const [line, vulnerabilities, note] of cases) {
    it(JSON.stringify(line), () => {
      const r = parseSecfixLine(line);
      assert.deepEqual(r?.vulnerabilities, vulnerabilities);
      assert.equal(r?.note, note);
    });
  }
  it("gives nothing for placeholders", () => {
    assert.equal(parseSecfixLine("CVE-46838"), undefined);
    assert.equal(parseSecfixLine("CVE-????-?????"), undefined);
    assert.equal(parseSecfixLine(""), undefined);
  });
  it("takes the release from the document or the folder", () => {
    assert.equal(alpineDistroKey("v3.19", "x.json"), "alpine:3.19");
    assert.equal(alpineDistroKey("edge", "x.json"), "alpine:edge");
    assert.equal(alpineDistroKey(undefined, "/m/v3.8/main.json"), "alpine:3.8");
    assert.equal(alpineDistroKey(undefined, "/m/main.json"), undefined);
  });
});

describe("alpine secdb importers", () => {
  it("turns secfixes into fixed ranges and not-affected entries", async () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, "v3.19"));
      const file = join(dir, "v3.19", "main.json");
      writeFileSync(
        file,
        JSON.stringify({
          distroversion: "v3.19",
          reponame: "main",
          packages: [
            {
              pkg: {
                name: "xen",
                secfixes: {
                  "4.7.1-r1": ["CVE-2016-9932 XSA-200", "CVE-2016-10013 XSA-204"],
                  "4.7.1-r4": ["CVE-2016-9932 XSA-200"],
                  "0": ["CVE-2020-0001"],
                },
              },
            },
            { pkg: { name: "noop" } },
            { pkg: { secfixes: {} } },
            { pkg: { name: "odd", secfixes: { "1.0-r0": ["CVE-46838"] } } },
          ],
        }),
      );
      assert.equal((await alpineSecdbImporter.detect(file, "v3.19/main.json"))?.provider, "alpine-secdb");
      const { records, count } = await runImporter(alpineSecdbImporter, [file]);
      assert.equal(count, 4, "one record per package entry");
      const advisories = advisoriesOf(records);
      const xsa200 = advisories.find((a) => a.id === "CVE-2016-9932");
      assert.deepEqual(xsa200?.aliases, ["XSA-200"]);
      assert.deepEqual(xsa200?.affected, [
        {
          ecosystem: "apk",
          distro: "alpine:3.19",
          name: "xen",
          status: "affected",
          ranges: [
            { scheme: "apk", introduced: "0", fixed: "4.7.1-r1" },
            { scheme: "apk", introduced: "0", fixed: "4.7.1-r4" },
          ],
          fix: { state: "fixed", versions: ["4.7.1-r1", "4.7.1-r4"] },
        },
      ]);
      const na = advisories.find((a) => a.id === "CVE-2020-0001");
      assert.equal(na?.affected[0]?.status, "not-affected");
      assert.deepEqual(na?.affected[0]?.ranges, []);
      assert.deepEqual(
        diagnosticsOf(records).map((d) => d.code),
        ["alpine-secdb-invalid-package", "alpine-secfix-unrecognised"],
      );
    } finally {
      cleanup();
    }
  });

  it("keeps YAML version keys as strings (1.10 is not 1.1) and reads an empty packages list", async () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, "v3.9"));
      const file = join(dir, "v3.9", "main.yaml");
      writeFileSync(
        file,
        "---\ndistroversion: v3.9\nreponame: main\npackages:\n  - pkg:\n      name: foo\n      secfixes:\n        1.10:\n          - CVE-2019-1234 CVE-2019-5678\n        0:\n          - CVE-2018-0001\n",
      );
      const empty = join(dir, "v3.9", "community.yaml");
      writeFileSync(empty, "---\ndistroversion: v3.9\nreponame: community\npackages:\n");
      assert.equal((await alpineSecdbLegacyImporter.detect(file, "x"))?.provider, "alpine-secdb-legacy");
      assert.equal(await alpineSecdbImporter.detect(file, "x"), undefined);
      const { records, count } = await runImporter(alpineSecdbLegacyImporter, [file, empty]);
      assert.equal(count, 1);
      assert.deepEqual(diagnosticsOf(records), []);
      const ids = advisoriesOf(records).map(
        (a) => `${a.id} ${a.affected[0]?.status} ${a.affected[0]?.fix.versions}`,
      );
      assert.deepEqual(ids.sort(), [
        "CVE-2018-0001 not-affected ",
        "CVE-2019-1234 affected 1.10",
        "CVE-2019-5678 affected 1.10",
      ]);
    } finally {
      cleanup();
    }
  });

  it("reads real secdb files", { skip: skipWithoutVulndata }, async () => {
    const community = await runImporter(alpineSecdbImporter, [
      join(vulndata, "alpine-secdb/v3.3/community.json"),
    ]);
    assert.equal(community.count, 0);
    assert.deepEqual(community.records, []);
    const main = await runImporter(alpineSecdbImporter, [join(vulndata, "alpine-secdb/v3.19/main.json")]);
    const openssl = advisoriesOf(main.records).filter((a) => a.affected[0]?.name === "openssl");
    assert.ok(openssl.length > 50);
    assert.ok(openssl.every((a) => a.affected[0]?.distro === "alpine:3.19"));
    const legacy = await runImporter(alpineSecdbLegacyImporter, [
      join(vulndata, "alpine-secdb-legacy-yaml/v3.9/main.yaml"),
    ]);
    const ansible = advisoriesOf(legacy.records).find((a) => a.id === "CVE-2018-16859");
    assert.deepEqual(
      ansible?.affected[0]?.fix.versions,
      ["2.7.3-r0"],
      "'CVE 2018-16859' is read as CVE-2018-16859",
    );
  });
});
