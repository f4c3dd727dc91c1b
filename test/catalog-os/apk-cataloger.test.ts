import assert from "node:assert/strict";
import { test } from "node:test";
import { defaultParseLimits } from "../../src/catalog/cataloger.js";
import { apkDbCataloger } from "../../src/ecosystems/apk/catalog/apk-db-cataloger.js";
import { apk } from "../../src/ecosystems/apk/index.js";
import { testLayer } from "../helpers/catalog-case.js";

async function parse(text: string | Buffer) {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text);
  const file = { path: "/lib/apk/db/installed", layer: testLayer, size: bytes.length, mode: 0o644, bytes };
  return await apkDbCataloger.parse(file, { limits: defaultParseLimits });
}

const db = `C:Q1abc=
P:libcrypto3
V:3.1.4-r1
A:aarch64
S:1700000
I:4300000
T:Crypto library from openssl
U:https://www.openssl.org/
L:Apache-2.0
o:openssl
m:Ariadne Conill <ariadne@dereferenced.org>
t:1698000000
c:0123456789abcdef
D:so:libc.musl-aarch64.so.1
p:so:libcrypto.so.3=3
r:libressl
i:openssl=3.1.4-r1
k:100
q:10
F:etc/ssl
R:openssl.cnf
a:0:0:644
Z:Q1xyz=
F:usr/lib
R:libcrypto.so.3
Z:Q1xyz=

P:no-version-here

P:musl
V:1.2.4-r2
A:aarch64
L:MIT
R:rootfile
`;

test("apk db: every field, origin as source, files and directories owned", async () => {
  const { packages, diagnostics } = await parse(db);
  assert.deepEqual(
    packages.map((p) => `${p.name}@${p.version}`),
    ["libcrypto3@3.1.4-r1", "musl@1.2.4-r2"],
  );
  const crypto = packages[0]!;
  assert.deepEqual(crypto.source, { name: "openssl", version: "3.1.4-r1" });
  assert.deepEqual(crypto.licenses, ["Apache-2.0"]);
  assert.deepEqual(crypto.ownedFiles, [
    "/etc/ssl",
    "/etc/ssl/openssl.cnf",
    "/usr/lib",
    "/usr/lib/libcrypto.so.3",
  ]);
  assert.deepEqual(crypto.metadata, {
    arch: "aarch64",
    maintainer: "Ariadne Conill <ariadne@dereferenced.org>",
    description: "Crypto library from openssl",
    url: "https://www.openssl.org/",
    buildTime: 1698000000,
    commit: "0123456789abcdef",
    checksum: "Q1abc=",
    size: 1700000,
    installedSize: 4300000,
    providerPriority: 100,
    replacesPriority: 10,
    dependencies: ["so:libc.musl-aarch64.so.1"],
    provides: ["so:libcrypto.so.3=3"],
    replaces: ["libressl"],
    installIf: ["openssl=3.1.4-r1"],
  });
  // No o: line: the package is its own origin.
  assert.deepEqual(packages[1]!.source, { name: "musl", version: "1.2.4-r2" });
  assert.deepEqual(packages[1]!.ownedFiles, ["/rootfile"]);
  assert.equal(diagnostics.length, 1);
  assert.match(diagnostics[0]!.message, /line 28 has no version/);
});

test("apk purl: alpine namespace, distro qualifier, upstream when the origin differs", async () => {
  const { packages } = await parse(db);
  const distro = { id: "alpine", versionId: "3.19.1" };
  assert.equal(
    apk.purl(packages[0]!, distro),
    "pkg:apk/alpine/libcrypto3@3.1.4-r1?arch=aarch64&distro=alpine-3.19.1&upstream=openssl",
  );
  assert.equal(apk.purl(packages[1]!, undefined), "pkg:apk/musl@1.2.4-r2?arch=aarch64");
});

test("hostile apk db: binary junk yields a diagnostic and no packages", async () => {
  const junk = Buffer.alloc(64 * 1024, 0xfe);
  for (let i = 0; i < junk.length; i += 97) junk[i] = 10;
  const { packages, diagnostics } = await parse(junk);
  assert.equal(packages.length, 0);
  assert.ok(
    diagnostics.length >= 1 && diagnostics.length <= 21,
    "diagnostics.length >= 1 && diagnostics.length <= 21",
  );
});
