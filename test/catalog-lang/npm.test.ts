import assert from "node:assert/strict";
import { test } from "node:test";
import type { PackageDraft } from "../../src/catalog/cataloger.js";
import { nodeModulesCataloger } from "../../src/ecosystems/npm/catalog/node-modules-cataloger.js";
import { packageLockCataloger } from "../../src/ecosystems/npm/catalog/package-lock-cataloger.js";
import { LockYamlError, parseLockfileYaml } from "../../src/ecosystems/npm/catalog/parse-lockfile-yaml.js";
import { pnpmLockCataloger } from "../../src/ecosystems/npm/catalog/pnpm-lock-cataloger.js";
import { yarnLockCataloger } from "../../src/ecosystems/npm/catalog/yarn-lock-cataloger.js";
import { npm } from "../../src/ecosystems/npm/index.js";
import { buildNpmPurl } from "../../src/ecosystems/npm/purl.js";
import { catalogFixture, listIds } from "./fixture-dir.js";

const makeManifest = (name: string, version: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ name, version, ...extra });

function find(packages: PackageDraft[], name: string, version?: string): PackageDraft {
  const found = packages.find((p) => p.name === name && (version === undefined || p.version === version));
  assert.ok(found, `${name}${version ? `@${version}` : ""} found`);
  return found;
}

test("node_modules: nested, scoped and pnpm-store manifests are packages; files deeper in a package are not", async () => {
  const { packages, diagnostics } = await catalogFixture([nodeModulesCataloger], {
    "/srv/app/package.json": makeManifest("app", "2.0.0", {
      dependencies: { a: "^1", "@scope/b": "^2" },
      devDependencies: { d: "^1" },
    }),
    "/srv/app/node_modules/a/package.json": makeManifest("a", "1.0.0", { license: "MIT" }),
    "/srv/app/node_modules/a/node_modules/c/package.json": makeManifest("c", "3.0.0"),
    "/srv/app/node_modules/a/node_modules/c/node_modules/@deep/e/package.json": makeManifest(
      "@deep/e",
      "0.1.0",
    ),
    "/srv/app/node_modules/@scope/b/package.json": makeManifest("@scope/b", "2.1.0", {
      licenses: [{ type: "MIT" }, { type: "Apache-2.0" }],
    }),
    "/srv/app/node_modules/d/package.json": makeManifest("d", "1.2.3"),
    "/srv/app/node_modules/a/test/fixtures/package.json": makeManifest("fixture", "9.9.9"),
    "/srv/app/node_modules/a/lib/esm/package.json": JSON.stringify({ type: "module" }),
    "/srv/app/node_modules/@scope/package.json": makeManifest("not-a-package", "1.0.0"),
    "/srv/app/node_modules/.bin/package.json": makeManifest("bin", "1.0.0"),
    "/srv/app/node_modules/.pnpm/f@4.0.0/node_modules/f/package.json": makeManifest("f", "4.0.0"),
    "/srv/app/node_modules/alias/package.json": makeManifest("real-name", "5.0.0"),
  });
  assert.deepEqual(listIds(packages), [
    "@deep/e@0.1.0",
    "@scope/b@2.1.0",
    "a@1.0.0",
    "app@2.0.0",
    "c@3.0.0",
    "d@1.2.3",
    "f@4.0.0",
    "real-name@5.0.0",
  ]);
  assert.deepEqual(diagnostics, []);
  assert.equal(find(packages, "app").metadata?.relationship, "root");
  assert.equal(find(packages, "a").metadata?.relationship, "direct");
  assert.equal(find(packages, "a").metadata?.dev, undefined);
  assert.equal(find(packages, "d").metadata?.dev, true);
  assert.equal(find(packages, "c").metadata?.relationship, "indirect");
  assert.deepEqual(find(packages, "a").licenses, ["MIT"]);
  assert.deepEqual(find(packages, "@scope/b").licenses, ["MIT", "Apache-2.0"]);
  assert.equal(find(packages, "@scope/b").locations[0]?.path, "/srv/app/node_modules/@scope/b/package.json");
});

test("node_modules: a project package.json is the root only beside node_modules or a lockfile", async () => {
  const { packages } = await catalogFixture([nodeModulesCataloger], {
    "/src/loose/package.json": makeManifest("loose", "1.0.0"),
    "/src/locked/package.json": makeManifest("locked", "1.0.0"),
    "/src/locked/yarn.lock": "# yarn lockfile v1\n",
    "/usr/lib/node_modules/npm/package.json": makeManifest("npm", "10.2.0"),
  });
  assert.deepEqual(listIds(packages), ["locked@1.0.0", "npm@10.2.0"]);
  assert.equal(find(packages, "npm").metadata?.relationship, undefined, "a global install has no project");
});

test("node_modules: workspace members of the root are reported as workspace packages", async () => {
  const { packages } = await catalogFixture([nodeModulesCataloger], {
    "/repo/package.json": makeManifest("mono", "1.0.0", { private: true, workspaces: ["packages/*"] }),
    "/repo/package-lock.json": "{}",
    "/repo/packages/ui/package.json": makeManifest("@mono/ui", "0.3.0"),
    "/repo/packages/api/package.json": makeManifest("@mono/api", "0.4.0"),
    "/repo/tools/package.json": makeManifest("tools", "0.0.1"),
  });
  assert.deepEqual(listIds(packages), ["@mono/api@0.4.0", "@mono/ui@0.3.0", "mono@1.0.0"]);
  assert.equal(find(packages, "@mono/ui").metadata?.relationship, "workspace");
  assert.equal(find(packages, "mono").metadata?.private, true);
});

test("node_modules: broken manifests give diagnostics, never a throw; the rest is still found", async () => {
  const { packages, diagnostics } = await catalogFixture([nodeModulesCataloger], {
    "/app/node_modules/ok/package.json": makeManifest("ok", "1.0.0"),
    "/app/node_modules/broken/package.json": '{"name": "broken", "version": ',
    "/app/node_modules/noversion/package.json": JSON.stringify({ name: "noversion" }),
    "/app/node_modules/latin1/package.json": Buffer.concat([
      Buffer.from('{"name": "latin1", "version": "1.0.0", "description": "caf'),
      Buffer.from([0xe9]),
      Buffer.from('"}'),
    ]),
    "/elsewhere/package.json": "not json at all",
  });
  assert.deepEqual(listIds(packages), ["latin1@1.0.0", "ok@1.0.0"]);
  assert.deepEqual(diagnostics.map((d) => d.code).sort(), ["invalid-utf8", "missing-field", "parse-error"]);
  const parseError = diagnostics.find((d) => d.code === "parse-error");
  assert.equal(parseError?.file, "/app/node_modules/broken/package.json");
  assert.equal(parseError?.source, "node-modules-cataloger");
  assert.match(parseError?.message ?? "", /^\/app\/node_modules\/broken\/package\.json: not valid JSON/);
});

test("package-lock v1: nested tree, npm: aliases, dev flags; git specs without a version are counted", async () => {
  const lock = {
    name: "proj",
    version: "1.0.0",
    lockfileVersion: 1,
    dependencies: {
      a: { version: "1.0.0", dependencies: { b: { version: "2.0.0", dev: true } } },
      b: { version: "2.0.0" },
      alias: { version: "npm:real@3.1.0" },
      fromgit: { version: "github:user/repo#abc123" },
    },
  };
  const { packages, diagnostics } = await catalogFixture(
    [packageLockCataloger],
    { "/app/package-lock.json": JSON.stringify(lock) },
    { directoryTarget: true },
  );
  assert.deepEqual(listIds(packages), ["a@1.0.0", "b@2.0.0", "proj@1.0.0", "real@3.1.0"]);
  assert.equal(find(packages, "b").metadata?.dev, undefined, "one non-dev occurrence makes it non-dev");
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ["unresolved-version"],
  );
});

test("package-lock v2/v3: workspaces, links, nested copies and dev; skipped in images and inside node_modules", async () => {
  const lock = {
    name: "mono",
    version: "1.0.0",
    lockfileVersion: 3,
    packages: {
      "": { name: "mono", version: "1.0.0", workspaces: ["packages/*"], dependencies: { x: "^1" } },
      "node_modules/x": { version: "1.0.0" },
      "node_modules/y": { version: "2.0.0", dev: true },
      "node_modules/x/node_modules/y": { version: "1.5.0" },
      "node_modules/@mono/ui": { resolved: "packages/ui", link: true },
      "packages/ui": { name: "@mono/ui", version: "0.1.0", dependencies: { z: "^3" } },
      "packages/ui/node_modules/z": { version: "3.0.0" },
      "node_modules/aliased": { name: "real-pkg", version: "4.0.0" },
    },
  };
  const files = {
    "/app/package-lock.json": JSON.stringify(lock),
    "/app/node_modules/dep/package-lock.json": JSON.stringify({
      lockfileVersion: 3,
      packages: { "node_modules/q": { version: "1.0.0" } },
    }),
  };
  const { packages } = await catalogFixture([packageLockCataloger], files, { directoryTarget: true });
  assert.deepEqual(listIds(packages), [
    "@mono/ui@0.1.0",
    "mono@1.0.0",
    "real-pkg@4.0.0",
    "x@1.0.0",
    "y@1.5.0",
    "y@2.0.0",
    "z@3.0.0",
  ]);
  assert.equal(find(packages, "mono").metadata?.relationship, "root");
  assert.equal(find(packages, "@mono/ui").metadata?.relationship, "workspace");
  assert.equal(find(packages, "x").metadata?.relationship, "direct");
  assert.equal(find(packages, "z").metadata?.relationship, "direct", "a workspace's own dependency");
  assert.equal(find(packages, "y", "2.0.0").metadata?.dev, true);
  assert.equal(find(packages, "y", "1.5.0").metadata?.dev, undefined);
  const inImage = await catalogFixture(npm.catalogers, files, { directoryTarget: false });
  assert.deepEqual(inImage.packages, [], "lockfiles are read for dir: targets only");
});

test("yarn v1: descriptors, npm aliases and the real name from the registry tarball URL", async () => {
  const lock = [
    "# yarn lockfile v1",
    "",
    '"@babel/core@^7.0.0", "@babel/core@^7.1.0":',
    '  version "7.1.2"',
    '  resolved "https://registry.yarnpkg.com/@babel/core/-/core-7.1.2.tgz#abc"',
    "  dependencies:",
    '    "@babel/types" "^7.0.0"',
    "",
    "my-alias@npm:lodash@^4.17.0:",
    '  version "4.17.21"',
    "",
    "local@file:../local:",
    '  version "0.0.1"',
    "",
    "private@^1.0.0:",
    '  version "1.0.0"',
    '  resolved "https://artifactory.example/api/npm/npm-remote/private/-/private-1.0.0.tgz"',
    "",
  ].join("\n");
  const { packages } = await catalogFixture(
    [yarnLockCataloger],
    { "/app/yarn.lock": lock },
    { directoryTarget: true },
  );
  assert.deepEqual(listIds(packages), [
    "@babel/core@7.1.2",
    "local@0.0.1",
    "lodash@4.17.21",
    "private@1.0.0",
  ]);
  assert.equal(find(packages, "local").metadata?.protocol, "file");
});

test("yarn berry: workspaces, patch and npm resolutions of one version merge; duplicate keys are tolerated", async () => {
  const lock = [
    "__metadata:",
    "  version: 8",
    "  cacheKey: 10c0",
    "",
    '"root@workspace:.":',
    "  version: 0.0.0-use.local",
    '  resolution: "root@workspace:."',
    "  dependencies:",
    "    fsevents: ~2.3.0",
    '    pkg: "npm:^1.10"',
    "  languageName: unknown",
    "  linkType: soft",
    "",
    '"sub@workspace:packages/sub":',
    "  version: 2.0.0",
    '  resolution: "sub@workspace:packages/sub"',
    "",
    '"fsevents@npm:~2.3.0":',
    "  version: 2.3.3",
    '  resolution: "fsevents@npm:2.3.3"',
    "",
    '"fsevents@patch:fsevents@npm%3A~2.3.0#~builtin<compat/fsevents>":',
    "  version: 2.3.3",
    '  resolution: "fsevents@patch:fsevents@npm%3A2.3.3#~builtin<compat/fsevents>::version=2.3.3&hash=df0bf1"',
    "",
    '"pkg@npm:^1.10":',
    "  version: 1.10",
    '  resolution: "pkg@npm:1.10"',
    "",
    '"pkg@npm:^1.10":',
    "  version: 1.10",
    '  resolution: "pkg@npm:1.10"',
    "",
  ].join("\n");
  const { packages } = await catalogFixture(
    [yarnLockCataloger],
    { "/app/yarn.lock": lock },
    { directoryTarget: true },
  );
  assert.deepEqual(listIds(packages), ["fsevents@2.3.3", "pkg@1.10", "root@0.0.0-use.local", "sub@2.0.0"]);
  assert.equal(find(packages, "root").metadata?.relationship, "root");
  assert.equal(find(packages, "sub").metadata?.relationship, "workspace");
  assert.equal(
    find(packages, "fsevents").metadata?.protocol,
    undefined,
    "the patch entry merged into the npm one",
  );
  assert.equal(find(packages, "fsevents").metadata?.relationship, "direct");
  assert.equal(find(packages, "pkg").version, "1.10", "versions stay strings");
});

test("pnpm v5 keys and v6 dev field", async () => {
  const v5 = [
    "lockfileVersion: 5.4",
    "specifiers:",
    "  react-dom: ^18.0.0",
    "dependencies:",
    "  react-dom: 18.2.0_react@18.2.0",
    "packages:",
    "  /react-dom/18.2.0_react@18.2.0:",
    "    resolution: {integrity: sha512-abc}",
    "    dev: false",
    "  /@types/node/20.1.0:",
    "    resolution: {integrity: sha512-def}",
    "    dev: true",
  ].join("\n");
  const { packages } = await catalogFixture(
    [pnpmLockCataloger],
    { "/app/pnpm-lock.yaml": v5 },
    { directoryTarget: true },
  );
  assert.deepEqual(listIds(packages), ["@types/node@20.1.0", "react-dom@18.2.0"]);
  assert.equal(find(packages, "react-dom").metadata?.relationship, "direct");
  assert.equal(find(packages, "@types/node").metadata?.dev, true);
  assert.equal(find(packages, "react-dom").metadata?.integrity, "sha512-abc");
});

test("lockfile YAML reader: flow collections, quoting, sequences, documents, errors with line numbers", () => {
  const [first, second] = parseLockfileYaml(
    [
      "---",
      "a: {integrity: sha512-x==, tarball: 'https://h/x.tgz', n: {deep: [1, \"two\"]}}",
      "b:",
      "  - one",
      "  - two: 2",
      "    three: 3",
      "c:",
      "- same-indent",
      "d: plain value # comment",
      '"__proto__": "\\u00e9\\n"',
      "empty:",
      "---",
      "x: y",
    ].join("\n"),
  );
  assert.equal(Object.getPrototypeOf(first), null);
  assert.ok(first && Object.hasOwn(first, "__proto__"), "a __proto__ key is plain data");
  assert.equal(Object.getOwnPropertyDescriptor(first, "__proto__")?.value, "é\n");
  const { __proto__: _, ...rest } = JSON.parse(JSON.stringify(first)) as Record<string, unknown>;
  assert.deepEqual(rest, {
    a: { integrity: "sha512-x==", tarball: "https://h/x.tgz", n: { deep: ["1", "two"] } },
    b: ["one", { two: "2", three: "3" }],
    c: ["same-indent"],
    d: "plain value",
    empty: "",
  });
  assert.deepEqual(JSON.parse(JSON.stringify(second)), { x: "y" });
  assert.throws(
    () => parseLockfileYaml("a:\n  b: 1\n c: 2\n"),
    (e: unknown) => e instanceof LockYamlError && e.line === 3,
  );
  assert.throws(() => parseLockfileYaml(`a: ${"[".repeat(100)}${"]".repeat(100)}`), LockYamlError);
  assert.throws(() => parseLockfileYaml('a: "unterminated'), LockYamlError);
});

test("npm purl: scope as namespace with %40, case kept, empty version left out", () => {
  const draft = (name: string, version: string): PackageDraft => ({
    name,
    version,
    type: "npm",
    locations: [],
    foundBy: "t",
    licenses: [],
  });
  assert.equal(buildNpmPurl(draft("@actions/core", "1.6.0")), "pkg:npm/%40actions/core@1.6.0");
  assert.equal(buildNpmPurl(draft("JSONStream", "1.3.5")), "pkg:npm/JSONStream@1.3.5");
  assert.equal(buildNpmPurl(draft("package1", "")), "pkg:npm/package1");
  assert.equal(buildNpmPurl(draft("@Scope/My Pkg", "1.0.0")), "pkg:npm/%40Scope/My%20Pkg@1.0.0");
  assert.equal(npm.normaliseName?.("JSONStream"), "jsonstream");
});
