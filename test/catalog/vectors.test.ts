import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { catalogImage } from "../../src/app/catalog-image.js";
import { catalogVectorCases, sharedDir } from "../helpers/catalog-case.js";
import { type ExpectedPackage, findPackage } from "../helpers/package-match.js";

// Every package-metadata case of shared/vectors/catalog, run through the whole catalog
// stage as a `dir:` target: the expected packages (name, version, type, purl where given)
// must all be found.
const shared = sharedDir();
const ecosystems = ["apk", "cargo", "composer", "deb", "gem", "maven", "npm", "nuget", "pypi", "rpm"];

describe("shared/vectors/catalog through the catalog stage", {
  skip: shared ? false : "../shared is absent",
}, () => {
  for (const eco of ecosystems) {
    for (const c of catalogVectorCases(shared ?? "", eco)) {
      test(`${eco}/${c.name}`, async () => {
        const expected = JSON.parse(readFileSync(join(c.dir, "expected.json"), "utf8")) as ExpectedPackage[];
        const sbom = await catalogImage(`dir:${c.dir}`, { layerCache: false });
        const missing = expected.filter((e) => !findPackage(sbom.packages, e));
        assert.deepEqual(
          missing.map((e) => `${e.name}@${e.version}${e.purl ? ` ${e.purl}` : ""}`),
          [],
          `missing packages; found: ${sbom.packages.map((p) => `${p.type}:${p.name}@${p.version}`).join(", ")}`,
        );
      });
    }
  }
});
