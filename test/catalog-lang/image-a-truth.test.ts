import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { nodeModulesCataloger } from "../../src/ecosystems/npm/catalog/node-modules-cataloger.js";
import { npm } from "../../src/ecosystems/npm/index.js";
import { pythonInstalledCataloger } from "../../src/ecosystems/pypi/catalog/python-installed-cataloger.js";
import { runCatalogersOnDir, sharedDir } from "../helpers/catalog-case.js";
import { extractLayerFiles } from "./image-layer-files.js";

/**
 * Image A (../shared/images/debian-app.tar) against its truth files, for the npm and Python
 * catalogers. The layers that hold the files are read straight from the archive (layer 3:
 * /app, layer 2: Debian's dist-packages); the one whiteout that touches them (layer 6 deletes
 * /app/node_modules/node-fetch) is applied from truth/whiteouts.tsv, standing in for the fs
 * stage. The full-image check through the real pipeline belongs to the catalog stage.
 */

const shared = sharedDir();
const archive = shared ? join(shared, "images", "debian-app.tar") : undefined;
const truthDir = shared ? join(shared, "images", "truth", "debian-app") : undefined;
const available = archive !== undefined && existsSync(archive) && truthDir !== undefined;
let work = "";

function readTsv(path: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(path, "utf8").trim().split("\n");
  const keys = (header ?? "").split("\t");
  return rows.map((row) => Object.fromEntries(row.split("\t").map((v, i) => [keys[i] ?? "", v])));
}

before(async () => {
  if (!available) return;
  work = mkdtempSync(join(tmpdir(), "drydock-image-a-"));
  await extractLayerFiles(archive, [
    { layerIndex: 2, wanted: (p) => p.startsWith("/app/"), into: join(work, "app-layer") },
    {
      layerIndex: 1,
      wanted: (p) => p.startsWith("/usr/lib/python3/dist-packages/") && /\.(dist|egg)-info(\/|$)/.test(p),
      into: join(work, "python-layer"),
    },
  ]);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test("image A npm: the 68 installed packages and the root, node-fetch gone with its whiteout", async (t) => {
  if (!available) return t.skip("../shared/images/debian-app.tar is not there");
  const root = join(work, "app-layer");
  const before = await runCatalogersOnDir(npm.catalogers, root);
  assert.ok(
    before.packages.some((p) => p.name === "node-fetch"),
    "node-fetch is in layer 3 before the whiteout",
  );

  for (const row of readTsv(join(truthDir, "whiteouts.tsv"))) {
    if (row.layer !== "6" || !row.path?.startsWith("/app/")) continue;
    const deleted = row.path.replace("/.wh.", "/");
    rmSync(join(root, deleted), { recursive: true, force: true });
  }
  // Image mode: lockfile catalogers do not run, so package-lock.json cannot bring node-fetch back.
  const result = await runCatalogersOnDir(npm.catalogers, root, { directoryTarget: false });
  const ours = result.packages
    .map((p) => {
      const role = p.metadata?.relationship === "root" ? "root" : "dependency";
      return `${p.name}\t${p.version}\t${p.locations[0]?.path}\t${role}`;
    })
    .sort();
  const truth = readTsv(join(truthDir, "npm.tsv"))
    .map((r) => `${r.name}\t${r.version}\t${r.path}\t${r.role}`)
    .sort();
  assert.deepEqual(ours, truth);
  assert.equal(truth.length, 69);
  assert.deepEqual(
    result.packages
      .filter((p) => p.name === "ms")
      .map((p) => p.version)
      .sort(),
    ["2.0.0", "2.1.1", "2.1.3"],
  );
  assert.ok(!result.packages.some((p) => p.name === "node-fetch"));
  const direct = result.packages.filter((p) => p.metadata?.relationship === "direct").map((p) => p.name);
  assert.deepEqual(direct.sort(), ["axios", "express", "jsonwebtoken", "lodash", "minimist"]);
  t.diagnostic(`npm: ${ours.length} of ${truth.length} truth rows, found by ${nodeModulesCataloger.name}`);
});

test("image A Python: 13 metadata files, 12 packages (cryptography has dist-info and egg-info)", async (t) => {
  if (!available) return t.skip("../shared/images/debian-app.tar is not there");
  const result = await runCatalogersOnDir([pythonInstalledCataloger], join(work, "python-layer"));
  const truth = readTsv(join(truthDir, "python.tsv"));
  for (const row of truth) {
    const found = result.packages.find(
      (p) => p.name === row.name && p.version === row.version && p.locations.some((l) => l.path === row.path),
    );
    assert.ok(found, `${row.name} ${row.version} at ${row.path}`);
  }
  const keys = result.packages.map((p) => `${p.name}@${p.version}`);
  assert.equal(new Set(keys).size, keys.length, "no package reported twice");
  assert.equal(result.packages.length, new Set(truth.map((r) => `${r.name}@${r.version}`)).size);
  const cryptography = result.packages.find((p) => p.name === "cryptography");
  assert.equal(cryptography?.locations.length, 2);
  const pyyaml = result.packages.find((p) => p.name === "PyYAML");
  assert.ok(
    (pyyaml?.metadata?.files as string[] | undefined)?.includes(
      "/usr/lib/python3/dist-packages/_yaml/__init__.py",
    ),
    "RECORD gives the package's own files as absolute paths",
  );
  t.diagnostic(
    `python: ${truth.length} truth rows → ${result.packages.length} packages, diagnostics ${result.diagnostics.length}`,
  );
});
