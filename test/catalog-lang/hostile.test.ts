import assert from "node:assert/strict";
import { closeSync, ftruncateSync, mkdirSync, openSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import picomatch from "picomatch";
import { type Cataloger, type CatalogFile, defaultParseLimits } from "../../src/catalog/cataloger.js";
import { cargo } from "../../src/ecosystems/cargo/index.js";
import { composer } from "../../src/ecosystems/composer/index.js";
import { gem } from "../../src/ecosystems/gem/index.js";
import { nodeModulesCataloger } from "../../src/ecosystems/npm/catalog/node-modules-cataloger.js";
import { packageLockCataloger } from "../../src/ecosystems/npm/catalog/package-lock-cataloger.js";
import { pnpmLockCataloger } from "../../src/ecosystems/npm/catalog/pnpm-lock-cataloger.js";
import { yarnLockCataloger } from "../../src/ecosystems/npm/catalog/yarn-lock-cataloger.js";
import { npm } from "../../src/ecosystems/npm/index.js";
import { nuget } from "../../src/ecosystems/nuget/index.js";
import { pypi } from "../../src/ecosystems/pypi/index.js";
import { compileFileMatcher } from "../../src/fs/index.js";
import { runCatalogersOnDir, testLayer } from "../helpers/catalog-case.js";
import { writeFixture } from "./fixture-dir.js";

const MiB = 1024 * 1024;
/** The catalogers of this folder's scope (cargo also holds the cargo-auditable one, tested with it). */
const allCatalogers: Cataloger[] = [
  ...[npm, pypi, gem, composer, nuget].flatMap((e) => e.catalogers),
  ...cargo.catalogers.filter((c) => c.name === "cargo-lock-cataloger"),
];

function makeCatalogFile(path: string, bytes: Buffer): CatalogFile {
  return { path, layer: testLayer, size: bytes.length, mode: 0o644, bytes };
}

async function parseOne(cataloger: Cataloger, path: string, text: string | Buffer) {
  return cataloger.parse(makeCatalogFile(path, Buffer.isBuffer(text) ? text : Buffer.from(text)), {
    limits: defaultParseLimits,
  });
}

/** Paths of the kinds of files these catalogers read, to aim junk at each of them. */
const samplePaths = [
  "/app/node_modules/x/package.json",
  "/app/package.json",
  "/app/package-lock.json",
  "/app/yarn.lock",
  "/app/pnpm-lock.yaml",
  "/usr/lib/python3/site-packages/x-1.0.dist-info/METADATA",
  "/usr/lib/python3/site-packages/x-1.0.dist-info/RECORD",
  "/usr/lib/python3/site-packages/x-1.0.dist-info/direct_url.json",
  "/usr/lib/python3/site-packages/x.egg-info/PKG-INFO",
  "/usr/lib/python3/site-packages/x.egg-info/installed-files.txt",
  "/usr/lib/python3/site-packages/x-1.0.egg-info",
  "/app/poetry.lock",
  "/app/Pipfile.lock",
  "/app/requirements.txt",
  "/usr/lib/ruby/gems/3.1.0/specifications/x-1.0.gemspec",
  "/app/Gemfile.lock",
  "/app/vendor/composer/installed.json",
  "/app/composer.lock",
  "/app/App.deps.json",
  "/app/packages.lock.json",
  "/app/Cargo.lock",
];

function selectedPaths(cataloger: Cataloger): string[] {
  const sel = cataloger.selects;
  return samplePaths.filter((path) => {
    const base = path.slice(path.lastIndexOf("/") + 1);
    return (
      sel.paths?.includes(path) ||
      sel.basenames?.includes(base) ||
      sel.suffixes?.some((s) => path.endsWith(s)) ||
      sel.globs?.some((g) => picomatch(g, { dot: true })(path))
    );
  });
}

test("every selector caps the size of what it buffers (64 MiB at most, package.json 10 MiB)", () => {
  assert.equal(allCatalogers.length, 15);
  for (const cataloger of allCatalogers) {
    const max = cataloger.selects.maxSize;
    assert.ok(max !== undefined, `${cataloger.name} has a maxSize`);
    assert.ok(max <= 64 * MiB, `${cataloger.name}: ${max}`);
    assert.ok(selectedPaths(cataloger).length > 0, `${cataloger.name} selects one of the sample paths`);
  }
  assert.ok((nodeModulesCataloger.selects.maxSize ?? Infinity) <= 10 * MiB);
});

test("a 1 GiB package.json is skipped by the selector, never read; its neighbours are found", async (t) => {
  const root = writeFixture({
    "/app/node_modules/ok/package.json": JSON.stringify({ name: "ok", version: "1.0.0" }),
  });
  try {
    const hugeDir = join(root, "app/node_modules/huge");
    mkdirSync(hugeDir, { recursive: true });
    const fd = openSync(join(hugeDir, "package.json"), "w");
    ftruncateSync(fd, 1024 * MiB); // sparse: takes no disk, but reading it would buffer 1 GiB
    closeSync(fd);
    assert.equal(statSync(join(hugeDir, "package.json")).size, 1024 * MiB);
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const result = await runCatalogersOnDir(npm.catalogers, root, { directoryTarget: true });
    assert.deepEqual(
      result.packages.map((p) => p.name),
      ["ok"],
    );
    assert.ok(process.memoryUsage().rss - before < 256 * MiB, "the huge file was not buffered");
    t.diagnostic(`catalogued beside a 1 GiB package.json in ${Date.now() - started} ms`);

    // The layer reader's matcher (src/fs) refuses it before buffering and reports the skip.
    const oversize: string[] = [];
    const matcher = compileFileMatcher(
      { [nodeModulesCataloger.name]: nodeModulesCataloger.selects },
      { onOversize: (path, size, keys) => oversize.push(`${path} ${size} ${keys.join(",")}`) },
    );
    assert.equal(matcher.select("/app/node_modules/huge/package.json", 1024 * MiB, 0o644), false);
    assert.equal(matcher.select("/app/node_modules/ok/package.json", 40, 0o644), true);
    assert.deepEqual(oversize, [`/app/node_modules/huge/package.json ${1024 * MiB} node-modules-cataloger`]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("junk, empty and truncated content in every selected file kind: no throw, no package", async () => {
  const junk = Buffer.alloc(2048);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 131 + 7) % 256;
  const contents: (string | Buffer)[] = [
    junk,
    "",
    "{",
    "[[package]]\nname = ",
    "\u0000\u0000",
    '{"packages": {"": null}}',
  ];
  for (const cataloger of allCatalogers) {
    for (const path of selectedPaths(cataloger)) {
      for (const content of contents) {
        const result = await parseOne(cataloger, path, content);
        assert.deepEqual(result.packages, [], `${cataloger.name} on ${path}`);
        JSON.stringify(result); // results must stay serialisable for the layer cache
        for (const d of result.diagnostics) assert.equal(d.file, path);
      }
    }
  }
});

test("deeply nested JSON: a 1e6-deep value in a manifest, a v1 lockfile nested 10 000 deep", async () => {
  const deep = `${"[".repeat(1_000_000)}${"]".repeat(1_000_000)}`;
  const manifest = `{"name": "deep", "version": "1.0.0", "x": ${deep}}`;
  const found = await parseOne(nodeModulesCataloger, "/app/node_modules/deep/package.json", manifest);
  assert.deepEqual(
    found.packages.map((p) => p.name),
    ["deep"],
  );

  let tree = '{"version": "1.0.0"}';
  for (let i = 0; i < 10_000; i++) tree = `{"version": "1.0.${i}", "dependencies": {"d${i}": ${tree}}}`;
  const lock = `{"lockfileVersion": 1, "dependencies": {"top": ${tree}}}`;
  const started = Date.now();
  const result = await parseOne(packageLockCataloger, "/app/package-lock.json", lock);
  assert.ok(Date.now() - started < 10_000);
  assert.ok(result.packages.length >= 256 && result.packages.length < 10_000);
  assert.deepEqual(
    result.diagnostics.map((d) => d.code),
    ["limit-exceeded"],
  );
});

/** Parses a generated lockfile and checks every entry came out, within a generous time bound. */
async function checkScale(
  t: { diagnostic(m: string): void },
  cataloger: Cataloger,
  path: string,
  text: string,
  count: number,
) {
  const started = Date.now();
  const result = await parseOne(cataloger, path, text);
  const elapsed = Date.now() - started;
  t.diagnostic(`${cataloger.name}: ${count} entries, ${(text.length / MiB).toFixed(1)} MiB in ${elapsed} ms`);
  assert.equal(result.packages.length, count);
  // Linear parsers take 1-3 s here even on a loaded machine; a quadratic one takes minutes.
  assert.ok(elapsed < 30_000, `${elapsed} ms`);
}

test("a package-lock.json with 100 000 entries parses in bounded time", async (t) => {
  const packages: Record<string, unknown> = {};
  for (let i = 0; i < 100_000; i++) {
    packages[`node_modules/p${i}`] = {
      version: `1.0.${i}`,
      resolved: `https://registry.npmjs.org/p${i}/-/p${i}-1.0.${i}.tgz`,
    };
  }
  await checkScale(
    t,
    packageLockCataloger,
    "/app/package-lock.json",
    JSON.stringify({ lockfileVersion: 3, packages }),
    100_000,
  );
});

test("yarn berry, pnpm and Cargo.lock with 50 000 entries parse in bounded time", async (t) => {
  const n = 50_000;
  let berry = "__metadata:\n  version: 8\n\n";
  let pnpm =
    "lockfileVersion: '9.0'\n\nimporters:\n  .:\n    dependencies:\n      p0:\n        specifier: ^1\n        version: 1.0.0\n\npackages:\n\n";
  let snapshots = "snapshots:\n\n";
  let cargoLock = "version = 3\n\n";
  for (let i = 0; i < n; i++) {
    berry += `"p${i}@npm:^1.0.0":\n  version: 1.0.${i}\n  resolution: "p${i}@npm:1.0.${i}"\n  dependencies:\n    q: ^1\n  checksum: abc\n  languageName: node\n  linkType: hard\n\n`;
    pnpm += `  p${i}@1.0.${i}:\n    resolution: {integrity: sha512-abc}\n\n`;
    snapshots += `  p${i}@1.0.${i}:\n    dependencies:\n      p${i + 1}: 1.0.${i + 1}\n\n`;
    cargoLock += `[[package]]\nname = "c${i}"\nversion = "1.0.${i}"\nsource = "registry+https://github.com/rust-lang/crates.io-index"\ndependencies = [\n "c${i + 1}",\n]\n\n`;
  }
  await checkScale(t, yarnLockCataloger, "/app/yarn.lock", berry, n);
  await checkScale(t, pnpmLockCataloger, "/app/pnpm-lock.yaml", pnpm + snapshots, n);
  const cargoLockCataloger = cargo.catalogers.find((c) => c.name === "cargo-lock-cataloger");
  assert.ok(cargoLockCataloger);
  await checkScale(t, cargoLockCataloger, "/app/Cargo.lock", cargoLock, n);
});
