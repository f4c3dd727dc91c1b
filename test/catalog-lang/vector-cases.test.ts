import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { PackageDraft } from "../../src/catalog/cataloger.js";
import { cargo } from "../../src/ecosystems/cargo/index.js";
import { composer } from "../../src/ecosystems/composer/index.js";
import type { Ecosystem } from "../../src/ecosystems/ecosystem.js";
import { gem } from "../../src/ecosystems/gem/index.js";
import { npm } from "../../src/ecosystems/npm/index.js";
import { nuget } from "../../src/ecosystems/nuget/index.js";
import { pypi } from "../../src/ecosystems/pypi/index.js";
import { catalogVectorCases, runCatalogersOnDir, sharedDir } from "../helpers/catalog-case.js";

/**
 * Every case of ../shared/vectors/catalog/{npm,pypi,gem,composer,nuget,cargo}: each package the
 * peer's test expects is found (name, version, type, purl when given, dev flag when the peer
 * sets one); where the case is complete, nothing else is reported.
 *
 * Drydock reports everything it reads and flags it in metadata; the peers leave some of it out
 * by design. {@link applyPeerView} applies each peer's documented convention to our output before
 * comparing, so a difference in policy is not mistaken for a miss or an extra:
 * - Syft leaves out dev dependencies of lockfiles (its `IncludeDevDependencies` default is
 *   false; installed packages are kept whatever their dev flag).
 * - Trivy's npm parsers leave out the project itself and workspace folders, and its yarn parser
 *   reads `npm:` resolutions only (no `patch:`, `workspace:`, `link:`... entries).
 */

interface Expected {
  name: string;
  version: string;
  type: string;
  purl?: string;
  dev?: boolean;
}

interface CaseInfo {
  peer: string;
  expected_is_complete: boolean;
}

const ecosystems: Record<string, Ecosystem> = { npm, pypi, gem, composer, nuget, cargo };
const shared = sharedDir();

function applyPeerView(peer: string, ecosystem: Ecosystem, packages: PackageDraft[]): PackageDraft[] {
  const lockfileCatalogers = new Set(ecosystem.catalogers.filter((c) => c.directoryOnly).map((c) => c.name));
  return packages.filter((pkg) => {
    const meta = pkg.metadata ?? {};
    if (peer === "anchore/syft") return !(meta.dev === true && lockfileCatalogers.has(pkg.foundBy));
    if (peer === "aquasecurity/trivy" && ecosystem.id === "npm") {
      if (meta.relationship === "root" || meta.relationship === "workspace") return false;
      if (pkg.foundBy === "yarn-lock-cataloger" && meta.protocol !== undefined) return false;
    }
    return true;
  });
}

function isSameName(ecosystem: Ecosystem, a: string, b: string): boolean {
  // PyPI names are compared normalised (PEP 503): Syft lower-cases them, Trivy keeps them.
  if (ecosystem.id === "pypi" && ecosystem.normaliseName) {
    return ecosystem.normaliseName(a) === ecosystem.normaliseName(b);
  }
  return a === b;
}

function describe(p: { name: string; version: string }): string {
  return `${p.name}@${p.version}`;
}

for (const [id, ecosystem] of Object.entries(ecosystems)) {
  const cases = shared ? catalogVectorCases(shared, id) : [];
  if (cases.length === 0) {
    test(`catalog vectors ${id}`, (t) => t.skip("../shared/vectors/catalog is not there"));
    continue;
  }
  for (const vectorCase of cases) {
    test(`catalog vectors ${id}/${vectorCase.name}`, async (t) => {
      const info = JSON.parse(readFileSync(join(vectorCase.dir, "case.json"), "utf8")) as CaseInfo;
      const expected = JSON.parse(readFileSync(join(vectorCase.dir, "expected.json"), "utf8")) as Expected[];
      const result = await runCatalogersOnDir(ecosystem.catalogers, vectorCase.dir, {
        directoryTarget: true,
      });
      const ours = applyPeerView(info.peer, ecosystem, result.packages);
      const checksDev = expected.some((e) => e.dev !== undefined);

      const unmatched = [...ours];
      const missing: string[] = [];
      for (const want of expected) {
        const at = unmatched.findIndex(
          (got) =>
            got.type === want.type &&
            isSameName(ecosystem, got.name, want.name) &&
            got.version === want.version &&
            (want.purl === undefined || ecosystem.purl(got, undefined) === want.purl),
        );
        if (at < 0) {
          const near = ours.filter((got) => isSameName(ecosystem, got.name, want.name));
          const seen = near.map((g) => `${describe(g)} ${ecosystem.purl(g, undefined)}`).join(", ");
          missing.push(`${describe(want)}${want.purl ? ` ${want.purl}` : ""} (ours: ${seen || "none"})`);
          continue;
        }
        const [got] = unmatched.splice(at, 1);
        if (checksDev && got) {
          assert.equal(got.metadata?.dev === true, want.dev === true, `${describe(want)}: dev flag`);
        }
      }
      t.diagnostic(
        `${info.peer}: expected ${expected.length}, found ${expected.length - missing.length}, ` +
          `ours ${result.packages.length} (${ours.length} in the peer's view), diagnostics ${result.diagnostics.length}`,
      );
      assert.deepEqual(missing, [], "expected packages not found");
      if (info.expected_is_complete) {
        assert.deepEqual(unmatched.map(describe), [], "packages the peer does not expect");
      }
    });
  }
}
