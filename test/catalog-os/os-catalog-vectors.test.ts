import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { PackageDraft } from "../../src/catalog/cataloger.js";
import { apk } from "../../src/ecosystems/apk/index.js";
import { deb } from "../../src/ecosystems/deb/index.js";
import type { Ecosystem } from "../../src/ecosystems/ecosystem.js";
import { rpm } from "../../src/ecosystems/rpm/index.js";
import { catalogVectorCases, runCatalogersOnDir, sharedDir } from "../helpers/catalog-case.js";
import { distroOfDir } from "./os-test-helpers.js";

/** One expected package of shared/vectors/catalog/<eco>/<case>/expected.json. */
interface Expected {
  name: string;
  version: string;
  type: string;
  purl?: string;
  arch?: string;
  epoch?: number | null;
  source?: { name?: string; version?: string; source_rpm?: string };
}

const shared = sharedDir();

/** The first drafted package that matches everything the expectation states. */
function findMatch(packages: PackageDraft[], e: Expected): PackageDraft | undefined {
  return packages.find(
    (p) =>
      p.name === e.name &&
      p.version === e.version &&
      p.type === e.type &&
      (e.arch === undefined || p.metadata?.arch === e.arch),
  );
}

/** What differs between a found package and its expectation (empty = all agree). */
function differences(p: PackageDraft, e: Expected, purl: string): string[] {
  const out: string[] = [];
  if (e.purl !== undefined && purl !== e.purl) out.push(`purl ${purl} ≠ ${e.purl}`);
  if (e.source?.source_rpm !== undefined && p.metadata?.sourceRpm !== e.source.source_rpm) {
    out.push(`sourceRpm ${String(p.metadata?.sourceRpm)} ≠ ${e.source.source_rpm}`);
  }
  if (e.source?.name !== undefined && p.source?.name !== e.source.name)
    out.push(`source ${p.source?.name} ≠ ${e.source.name}`);
  if (e.source?.version !== undefined && p.source?.version !== e.source.version) {
    out.push(`source version ${p.source?.version} ≠ ${e.source.version}`);
  }
  if (e.epoch !== undefined && (p.metadata?.epoch ?? null) !== e.epoch) {
    out.push(`epoch ${String(p.metadata?.epoch)} ≠ ${String(e.epoch)}`);
  }
  return out;
}

async function checkCase(
  eco: Ecosystem,
  dir: string,
  expectedFile: string,
  complete: boolean,
): Promise<void> {
  const expected = JSON.parse(readFileSync(expectedFile, "utf8")) as Expected[];
  const { packages } = await runCatalogersOnDir(eco.catalogers, dir);
  const distro = await distroOfDir(dir);
  const problems: string[] = [];
  for (const e of expected) {
    const found = findMatch(packages, e);
    if (!found) {
      problems.push(`missing ${e.name}@${e.version}${e.arch ? ` (${e.arch})` : ""}`);
      continue;
    }
    for (const d of differences(found, e, eco.purl(found, distro))) problems.push(`${e.name}: ${d}`);
  }
  if (complete) {
    const extra = packages.filter((p) => !expected.some((e) => findMatch([p], e)));
    for (const p of extra) problems.push(`unexpected ${p.name}@${p.version}`);
    if (packages.length !== expected.length)
      problems.push(`${packages.length} packages found, ${expected.length} expected`);
  }
  assert.deepEqual(problems, []);
}

for (const eco of [deb, rpm, apk] as Ecosystem[]) {
  test(`catalog vectors: ${eco.id}`, async (t) => {
    if (!shared) return t.skip("../shared is missing: catalog vectors not checked");
    const cases = catalogVectorCases(shared, eco.id);
    assert.ok(cases.length > 0, `no cases under vectors/catalog/${eco.id}`);
    for (const c of cases) {
      await t.test(c.name, async () => {
        const meta = JSON.parse(readFileSync(join(c.dir, "case.json"), "utf8")) as {
          expected_is_complete: boolean;
        };
        await checkCase(eco, c.dir, join(c.dir, "expected.json"), meta.expected_is_complete);
        const reference = join(c.dir, "reference-rpm-qa.json");
        // rpm 4.18's own listing of the whole database: every package, nothing more.
        if (existsSync(reference)) await checkCase(eco, c.dir, reference, true);
      });
    }
  });
}
