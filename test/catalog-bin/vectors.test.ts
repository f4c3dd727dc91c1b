import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Cataloger, PackageDraft } from "../../src/catalog/cataloger.js";
import { cargoAuditableCataloger } from "../../src/ecosystems/cargo/catalog/cargo-auditable-cataloger.js";
import { cargo } from "../../src/ecosystems/cargo/index.js";
import { golang } from "../../src/ecosystems/golang/index.js";
import { maven } from "../../src/ecosystems/maven/index.js";
import { catalogVectorCases, runCatalogersOnDir, sharedDir } from "../helpers/catalog-case.js";

interface Expected {
  name: string;
  version: string;
  type: string;
  purl?: string;
}

const shared = sharedDir();

/** Files of a case folder other than its expectation files. */
function fixtureFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const full = join(d, n);
      if (statSync(full).isDirectory()) walk(full);
      else if (d !== dir || !/^(expected|case)\.json$|^reference-/.test(n)) out.push(full);
    }
  };
  walk(dir);
  return out;
}

function isElfFile(path: string): boolean {
  const head = readFileSync(path).subarray(0, 4);
  return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
}

/** Checks that every expected package is among the found ones (name, version, type, purl). */
function assertFound(expected: Expected[], found: PackageDraft[], purl: (p: PackageDraft) => string): void {
  for (const want of expected) {
    const hit = found.find((p) => p.name === want.name && p.version === want.version && p.type === want.type);
    assert.ok(
      hit,
      `missing ${want.type} ${want.name}@${want.version}; found ${found.map((p) => `${p.name}@${p.version}`).join(", ")}`,
    );
    if (want.purl !== undefined) assert.equal(purl(hit), want.purl);
  }
}

const suites: {
  ecosystem: string;
  catalogers: Cataloger[];
  purl: (p: PackageDraft) => string;
  binaryOnly?: boolean;
}[] = [
  { ecosystem: "maven", catalogers: maven.catalogers, purl: (p) => maven.purl(p) },
  { ecosystem: "golang", catalogers: golang.catalogers, purl: (p) => golang.purl(p) },
  // Cargo cases are mostly lockfiles (another cataloger's job); only binary-based ones run here.
  {
    ecosystem: "cargo",
    catalogers: [cargoAuditableCataloger],
    purl: (p) => cargo.purl(p),
    binaryOnly: true,
  },
];

for (const suite of suites) {
  describe(`catalog vectors: ${suite.ecosystem} (binary and archive catalogers)`, () => {
    if (shared === undefined) {
      it("needs ../shared", (t) => t.skip("../shared is missing: catalog vectors not run"));
      return;
    }
    const cases = catalogVectorCases(shared, suite.ecosystem).filter(
      (c) => !suite.binaryOnly || fixtureFiles(c.dir).some(isElfFile),
    );
    if (cases.length === 0) {
      it("has cases", (t) =>
        t.skip(
          `no ${suite.binaryOnly ? "binary-based " : ""}${suite.ecosystem} cases in ../shared/vectors/catalog`,
        ));
      return;
    }
    for (const c of cases) {
      it(c.name, async () => {
        const expected = JSON.parse(readFileSync(join(c.dir, "expected.json"), "utf8")) as Expected[];
        const { packages, diagnostics } = await runCatalogersOnDir(suite.catalogers, c.dir);
        assertFound(expected, packages, suite.purl);
        assert.deepEqual(
          diagnostics.filter((d) => d.level !== "info"),
          [],
          "a conformance fixture parses without warnings",
        );
      });
    }
  });
}
