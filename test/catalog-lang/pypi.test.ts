import assert from "node:assert/strict";
import { test } from "node:test";
import type { PackageDraft } from "../../src/catalog/cataloger.js";
import { parseToml, TomlError } from "../../src/catalog/parse/parse-toml.js";
import { parseRequirements } from "../../src/ecosystems/pypi/catalog/parse-requirements.js";
import { pipfileLockCataloger } from "../../src/ecosystems/pypi/catalog/pipfile-lock-cataloger.js";
import { poetryLockCataloger } from "../../src/ecosystems/pypi/catalog/poetry-lock-cataloger.js";
import { pythonInstalledCataloger } from "../../src/ecosystems/pypi/catalog/python-installed-cataloger.js";
import { requirementsCataloger } from "../../src/ecosystems/pypi/catalog/requirements-cataloger.js";
import { pypi } from "../../src/ecosystems/pypi/index.js";
import { catalogFixture, listIds } from "./fixture-dir.js";

const site = "/usr/lib/python3.11/site-packages";
const makeMetadata = (name: string, version: string, extra = ""): string =>
  `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n${extra}\nLong description body\nName: not-a-header\n`;

test("installed: dist-info, egg-info folder, egg-info file and egg; headers, continuations and licenses", async () => {
  const { packages, diagnostics } = await catalogFixture([pythonInstalledCataloger], {
    [`${site}/requests-2.31.0.dist-info/METADATA`]: makeMetadata(
      "requests",
      "2.31.0",
      "License: Apache 2.0\nClassifier: License :: OSI Approved :: Apache Software License\n",
    ),
    [`${site}/attrs-23.1.0.dist-info/METADATA`]: makeMetadata(
      "attrs",
      "23.1.0",
      "License-Expression: MIT\nLicense: a very long\n  multi-line license text\n",
    ),
    [`${site}/six-1.16.0.egg-info/PKG-INFO`]: makeMetadata(
      "six",
      "1.16.0",
      "License: UNKNOWN\nClassifier: License :: OSI Approved :: MIT License\n",
    ),
    [`${site}/distlib-0.3.1-py3.9.egg-info`]: makeMetadata("distlib", "0.3.1"),
    [`${site}/old-1.0-py3.11.egg/EGG-INFO/PKG-INFO`]: makeMetadata("old", "1.0"),
  });
  assert.deepEqual(listIds(packages), [
    "attrs@23.1.0",
    "distlib@0.3.1",
    "old@1.0",
    "requests@2.31.0",
    "six@1.16.0",
  ]);
  assert.deepEqual(diagnostics, []);
  const byName = (n: string): PackageDraft | undefined => packages.find((p) => p.name === n);
  assert.deepEqual(byName("requests")?.licenses, ["Apache 2.0"]);
  assert.deepEqual(byName("attrs")?.licenses, ["MIT"]);
  assert.deepEqual(byName("six")?.licenses, ["MIT License"]);
  assert.equal(byName("distlib")?.locations[0]?.path, `${site}/distlib-0.3.1-py3.9.egg-info`);
  assert.equal(byName("old")?.metadata?.sitePackages, site);
});

test("installed: one package per (name, version, site-packages); RECORD and direct_url.json joined", async () => {
  const { packages } = await catalogFixture([pythonInstalledCataloger], {
    [`${site}/cryptography-38.0.4.dist-info/METADATA`]: makeMetadata("cryptography", "38.0.4"),
    [`${site}/cryptography-38.0.4.dist-info/RECORD`]:
      'cryptography/__init__.py,sha256=x,1\n"cryptography/odd,name.py",sha256=y,2\n../../../bin/crypto-tool,,\n',
    [`${site}/cryptography.egg-info/PKG-INFO`]: makeMetadata("Cryptography", "38.0.4"),
    [`${site}/cryptography.egg-info/installed-files.txt`]:
      "../cryptography/__init__.py\n../cryptography/x509.py\n",
    "/opt/venv/lib/python3.11/site-packages/cryptography-38.0.4.dist-info/METADATA": makeMetadata(
      "cryptography",
      "38.0.4",
    ),
    [`${site}/tool-1.0.dist-info/METADATA`]: makeMetadata("tool", "1.0"),
    [`${site}/tool-1.0.dist-info/direct_url.json`]: JSON.stringify({
      url: "https://github.com/o/tool.git",
      vcs_info: { vcs: "git", commit_id: "abc123" },
    }),
  });
  assert.deepEqual(listIds(packages), ["cryptography@38.0.4", "cryptography@38.0.4", "tool@1.0"]);
  const system = packages.find((p) => p.metadata?.sitePackages === site && p.name === "cryptography");
  assert.deepEqual(
    system?.locations.map((l) => l.path),
    [`${site}/cryptography-38.0.4.dist-info/METADATA`, `${site}/cryptography.egg-info/PKG-INFO`],
  );
  assert.deepEqual(system?.metadata?.files, [
    `${site}/cryptography/__init__.py`,
    `${site}/cryptography/odd,name.py`,
    "/usr/bin/crypto-tool",
    `${site}/cryptography/x509.py`,
  ]);
  const tool = packages.find((p) => p.name === "tool");
  assert.ok(tool);
  assert.equal(
    pypi.purl(tool),
    "pkg:pypi/tool@1.0?vcs_url=git%2Bhttps%3A%2F%2Fgithub.com%2Fo%2Ftool.git%40abc123",
  );
});

test("installed: binary junk, missing fields and control characters are diagnostics; the rest is found", async () => {
  const junk = Buffer.alloc(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = (i * 7919 + 13) % 256;
  const { packages, diagnostics } = await catalogFixture([pythonInstalledCataloger], {
    [`${site}/junk-1.0.dist-info/METADATA`]: junk,
    [`${site}/noversion-1.0.dist-info/METADATA`]: "Metadata-Version: 2.1\nName: noversion\n",
    [`${site}/ctl-1.0.dist-info/METADATA`]: "Name: ctl\u0007x\nVersion: 1.0\n",
    [`${site}/good-1.0.dist-info/METADATA`]: makeMetadata("good", "1.0"),
  });
  assert.deepEqual(listIds(packages), ["good@1.0"]);
  assert.deepEqual(diagnostics.map((d) => d.code).sort(), [
    "binary-content",
    "invalid-field",
    "missing-field",
  ]);
  assert.ok(diagnostics.every((d) => d.source === "python-installed-cataloger" && d.file?.startsWith(site)));
});

test("requirements: exact pins with extras, markers, hashes and continuations; includes are named", async () => {
  const text = [
    "# comment",
    "-r base.txt",
    "--constraint constraints.txt",
    "-i https://pypi.example/simple",
    "requests[security,socks]==2.31.0 ; python_version >= '3.8' \\",
    "    --hash=sha256:aaa \\",
    "    --hash=sha256:bbb",
    "Django === 4.2.1",
    "flask==2.*",
    "numpy>=1.0",
    "attrs (==23.1.0)",
    "-e git+https://github.com/o/r.git#egg=r",
    "pkg @ https://example.com/pkg-1.0.tar.gz",
    "urllib3==1.26.18  # pinned for botocore",
    "./local/path",
  ].join("\n");
  const parsed = parseRequirements(text);
  assert.deepEqual(
    parsed.pinned.map((r) => `${r.name}@${r.version}`),
    ["requests@2.31.0", "Django@4.2.1", "attrs@23.1.0", "urllib3@1.26.18"],
  );
  assert.deepEqual(parsed.pinned[0]?.extras, ["security", "socks"]);
  assert.equal(parsed.pinned[0]?.markers, "python_version >= '3.8'");
  assert.deepEqual(parsed.pinned[0]?.hashes, ["sha256:aaa", "sha256:bbb"]);
  assert.equal(parsed.pinned[0]?.line, 5);
  assert.equal(parsed.unpinned, 5);

  const { packages, diagnostics } = await catalogFixture(
    [requirementsCataloger],
    { "/app/requirements.txt": text, "/app/requirements/dev.txt": "pytest==7.4.0\n" },
    { directoryTarget: true },
  );
  assert.deepEqual(listIds(packages), [
    "Django@4.2.1",
    "attrs@23.1.0",
    "pytest@7.4.0",
    "requests@2.31.0",
    "urllib3@1.26.18",
  ]);
  assert.deepEqual(
    diagnostics.map((d) => `${d.code} ${d.message}`),
    [
      "include-ignored /app/requirements.txt:2: -r base.txt is not followed",
      "include-ignored /app/requirements.txt:3: --constraint constraints.txt is not followed",
    ],
  );
});

test("poetry.lock: category and groups decide dev; Pipfile.lock develop is dev unless also default", async () => {
  const poetry = [
    "[[package]]",
    'name = "flask"',
    'version = "3.0.0"',
    'category = "main"',
    "",
    "[[package]]",
    'name = "pytest"',
    'version = "7.4.0"',
    'groups = ["dev", "test"]',
    "",
    "[package.source]",
    'type = "git"',
    'url = "https://github.com/pytest-dev/pytest.git"',
    "",
    "[[package]]",
    'name = "black"',
    'version = "23.1.0"',
    'category = "dev"',
  ].join("\n");
  const pipfile = JSON.stringify({
    _meta: {},
    default: { certifi: { version: "==2023.7.22" }, six: { version: "==1.16.0" }, local: { path: "." } },
    develop: { six: { version: "==1.16.0" }, pytest: { version: "==7.4.0" } },
  });
  const result = await catalogFixture(
    [poetryLockCataloger, pipfileLockCataloger],
    { "/app/poetry.lock": poetry, "/app/Pipfile.lock": pipfile },
    { directoryTarget: true },
  );
  const dev = result.packages
    .filter((p) => p.metadata?.dev === true)
    .map((p) => `${p.foundBy}:${p.name}`)
    .sort();
  assert.deepEqual(dev, [
    "pipfile-lock-cataloger:pytest",
    "poetry-lock-cataloger:black",
    "poetry-lock-cataloger:pytest",
  ]);
  assert.equal(
    result.packages.find((p) => p.name === "pytest" && p.foundBy === "poetry-lock-cataloger")?.metadata
      ?.sourceType,
    "git",
  );
  assert.deepEqual(listIds(result.packages.filter((p) => p.foundBy === "pipfile-lock-cataloger")), [
    "certifi@2023.7.22",
    "pytest@7.4.0",
    "six@1.16.0",
  ]);
});

test("TOML reader: every string form, numbers, inline tables, arrays of tables; errors name the line", () => {
  const doc = parseToml(
    [
      "# comment",
      'title = "a \\"quoted\\" \\u00e9 \\U0001F600"',
      "literal = 'C:\\path'",
      'multi = """',
      "one \\",
      '   two"""',
      "raw = '''",
      "keep \\n as is'''",
      "int = 1_000",
      "hex = 0xff",
      "float = -3.5e2",
      "bool = true",
      "date = 1979-05-27T07:32:00Z",
      'arr = [ 1, "two", [3], { four = 4 }, ]',
      "[table.sub]",
      'dotted.key = "v"',
      "[[items]]",
      "name = 'first'",
      "[items.detail]",
      "x = 1",
      "[[items]]",
      "name = 'second'",
      '"__proto__" = "data"',
    ].join("\n"),
  );
  assert.equal(doc.title, 'a "quoted" é 😀');
  assert.equal(doc.literal, "C:\\path");
  assert.equal(doc.multi, "one two");
  assert.equal(doc.raw, "keep \\n as is");
  assert.deepEqual(
    [doc.int, doc.hex, doc.float, doc.bool, doc.date],
    [1000, 255, -350, true, "1979-05-27T07:32:00Z"],
  );
  assert.deepEqual(JSON.parse(JSON.stringify(doc.arr)), [1, "two", [3], { four: 4 }]);
  assert.deepEqual(JSON.parse(JSON.stringify(doc.table)), { sub: { dotted: { key: "v" } } });
  const items = doc.items as Record<string, unknown>[];
  assert.deepEqual(JSON.parse(JSON.stringify(items[0])), { name: "first", detail: { x: 1 } });
  assert.equal(items[1]?.name, "second");
  assert.ok(Object.hasOwn(items[1] ?? {}, "__proto__"), "a __proto__ key is plain data");
  assert.equal(Object.getPrototypeOf(items[1]), null);
  assert.throws(
    () => parseToml('a = "x"\nb = \n'),
    (e: unknown) => e instanceof TomlError && e.line === 2,
  );
  assert.throws(() => parseToml('a = "unterminated\n'), TomlError);
  assert.throws(() => parseToml(`a = ${"[".repeat(200)}${"]".repeat(200)}`), /nesting deeper/);
  assert.throws(() => parseToml("a = 1 b = 2"), TomlError);
});

test("pypi purl and name: PEP 503 normalisation for matching, purl spec for the purl", () => {
  assert.equal(pypi.normaliseName?.("Django_Rest.Framework"), "django-rest-framework");
  const draft: PackageDraft = {
    name: "Jinja2",
    version: "3.1.2",
    type: "pypi",
    locations: [],
    foundBy: "t",
    licenses: [],
  };
  assert.equal(pypi.purl(draft), "pkg:pypi/jinja2@3.1.2");
  assert.equal(pypi.purl({ ...draft, name: "zope_interface" }), "pkg:pypi/zope-interface@3.1.2");
});
