import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { CatalogFile, ParsedFile } from "../../src/catalog/cataloger.js";
import { defaultParseLimits } from "../../src/catalog/cataloger.js";
import { checkDpkgVersion } from "../../src/ecosystems/deb/catalog/check-dpkg-version.js";
import { debianLicenseToSpdx } from "../../src/ecosystems/deb/catalog/debian-license-to-spdx.js";
import { dpkgDbCataloger } from "../../src/ecosystems/deb/catalog/dpkg-db-cataloger.js";
import { deb } from "../../src/ecosystems/deb/index.js";
import type { Digest } from "../../src/model/index.js";
import { sharedDir, testLayer } from "../helpers/catalog-case.js";

const layer2 = `sha256:${"2".repeat(64)}` as Digest;

function file(path: string, content: string | Buffer, layer: Digest = testLayer): CatalogFile {
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
  return { path, layer, size: bytes.length, mode: 0o644, bytes };
}

async function catalog(files: CatalogFile[]) {
  const parsed: ParsedFile[] = [];
  for (const f of files) {
    const r = await dpkgDbCataloger.parse(f, { limits: defaultParseLimits });
    parsed.push({ path: f.path, layer: f.layer, ...JSON.parse(JSON.stringify(r)) });
  }
  const out = dpkgDbCataloger.assemble!(parsed as never, { exists: () => true });
  return { ...out, fileDiagnostics: parsed.flatMap((p) => p.diagnostics) };
}

const status = `Package: libc6
Status: install ok installed
Architecture: amd64
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u14
Installed-Size: 12000
Maintainer: GNU Libc Maintainers <debian-glibc@lists.debian.org>
Description: GNU C Library
 multi-line description
 .
 more

Package: libc6
Status: install ok installed
Architecture: i386
Multi-Arch: same
Source: glibc
Version: 2.36-9+deb12u14

Package: python3-yaml
Status: install ok installed
Architecture: amd64
Source: pyyaml (6.0-3)
Version: 6.0-3+b2

Package: libssl3
Status: deinstall ok installed
Architecture: amd64
Source: openssl (3.0.11-1~deb12u2)
Version: 3.0.11-1~deb12u2

Package: oldpkg
Status: deinstall ok config-files
Architecture: amd64
Version: 1.0-1

Package: purged
Status: purge ok not-installed
Architecture: amd64

Package: halfway
Status: install reinstreq half-installed
Architecture: all
Version: 2:1.5-1

Package: unpacked
Status: install ok unpacked
Architecture: all
Version: 0.9

Package: truncated
Status: install ok instal`;

test("dpkg status: installed states, sources with versions, binNMU, epochs, multi-arch", async () => {
  const { packages, fileDiagnostics } = await catalog([file("/var/lib/dpkg/status", status)]);
  const ids = packages.map((p) => `${p.name}:${p.metadata?.arch}@${p.version}`).sort();
  assert.deepEqual(ids, [
    "halfway:all@2:1.5-1",
    "libc6:amd64@2.36-9+deb12u14",
    "libc6:i386@2.36-9+deb12u14",
    "libssl3:amd64@3.0.11-1~deb12u2",
    "python3-yaml:amd64@6.0-3+b2",
    "unpacked:all@0.9",
  ]);
  const yaml = packages.find((p) => p.name === "python3-yaml")!;
  assert.deepEqual(yaml.source, { name: "pyyaml", version: "6.0-3" });
  const ssl = packages.find((p) => p.name === "libssl3")!;
  assert.deepEqual(ssl.source, { name: "openssl", version: "3.0.11-1~deb12u2" });
  const libc = packages.find((p) => p.name === "libc6")!;
  assert.deepEqual(libc.source, { name: "glibc", version: "2.36-9+deb12u14" });
  assert.equal(libc.metadata?.installedSizeKiB, 12000);
  assert.equal(packages.find((p) => p.name === "halfway")!.metadata?.state, "half-installed");
  // The truncated last stanza and the half-installed package are reported, nothing thrown.
  const messages = fileDiagnostics.map((d) => `${d.level}: ${d.message}`);
  assert.ok(
    messages.some((m) => m.startsWith("warning:") && m.includes('"truncated"') && m.includes("skipped")),
    messages.join("\n"),
  );
  assert.ok(
    messages.some((m) => m.startsWith("info:") && m.includes("half-installed")),
    'messages.some((m) => m.startsWith("info:") && m.includes("half-installed"))',
  );
  assert.ok(
    fileDiagnostics.every((d) => d.file === "/var/lib/dpkg/status" && d.source === "dpkg-db-cataloger"),
    "diagnostics name their file and cataloger",
  );
});

test("dpkg: file ownership from info/*.list (with and without :arch) and licenses from copyright", async () => {
  const dep5 = `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/

Files: *
Copyright: someone
License: LGPL-2.1+

Files: debian/*
License: GPL-2+ or Artistic
`;
  const { packages } = await catalog([
    file("/var/lib/dpkg/status", status),
    file("/var/lib/dpkg/info/libc6:amd64.list", "/.\n/lib\n/lib/x86_64-linux-gnu/libc.so.6\n", layer2),
    file("/var/lib/dpkg/info/libc6:i386.list", "/.\n/lib/i386-linux-gnu/libc.so.6\n"),
    file("/var/lib/dpkg/info/python3-yaml.list", "/usr/lib/python3/dist-packages/PyYAML-6.0.egg-info\n"),
    file("/usr/share/doc/libc6/copyright", dep5),
    file(
      "/usr/share/doc/python3-yaml/copyright",
      "Free text.\nSee /usr/share/common-licenses/GPL-3 for details.\n",
    ),
  ]);
  const amd64 = packages.find((p) => p.name === "libc6" && p.metadata?.arch === "amd64")!;
  assert.deepEqual(amd64.ownedFiles, ["/lib", "/lib/x86_64-linux-gnu/libc.so.6"]);
  assert.deepEqual(amd64.locations[1], { path: "/var/lib/dpkg/info/libc6:amd64.list", layer: layer2 });
  assert.deepEqual(amd64.licenses, ["LGPL-2.1-or-later", "GPL-2.0-or-later OR Artistic-1.0"]);
  const i386 = packages.find((p) => p.name === "libc6" && p.metadata?.arch === "i386")!;
  assert.deepEqual(i386.ownedFiles, ["/lib/i386-linux-gnu/libc.so.6"]);
  const yaml = packages.find((p) => p.name === "python3-yaml")!;
  assert.deepEqual(yaml.ownedFiles, ["/usr/lib/python3/dist-packages/PyYAML-6.0.egg-info"]);
  assert.deepEqual(yaml.licenses, ["GPL-3.0-only"]);
  assert.equal(packages.find((p) => p.name === "unpacked")!.ownedFiles, undefined);
});

test("dpkg distroless: status.d files are packages, md5sums give files, other sidecars are ignored", async () => {
  const { packages, fileDiagnostics } = await catalog([
    file(
      "/var/lib/dpkg/status.d/base-files",
      "Package: base-files\nVersion: 12.4+deb12u5\nArchitecture: amd64\n",
    ),
    file(
      "/var/lib/dpkg/status.d/python3.11-minimal",
      "Package: python3.11-minimal\nSource: python3.11\nVersion: 3.11.2-6\nArchitecture: amd64\n",
    ),
    file(
      "/var/lib/dpkg/status.d/base-files.md5sums",
      "0123456789abcdef0123456789abcdef  etc/debian_version\n",
    ),
    file("/var/lib/dpkg/status.d/base-files.preinst", "#!/bin/sh\nexit 0\n"),
  ]);
  assert.deepEqual(packages.map((p) => p.name).sort(), ["base-files", "python3.11-minimal"]);
  assert.deepEqual(packages.find((p) => p.name === "base-files")!.ownedFiles, ["/etc/debian_version"]);
  assert.deepEqual(fileDiagnostics, []);
});

test("dpkg: versions dpkg refuses skip the package; versions it warns about are kept", async () => {
  const text = `Package: bad-epoch
Status: install ok installed
Version: a:1.0

Package: odd-chars
Status: install ok installed
Version: 1.0#x

Package: good
Status: install ok installed
Version: 1.0
`;
  const { packages, fileDiagnostics } = await catalog([file("/var/lib/dpkg/status", text)]);
  assert.deepEqual(packages.map((p) => p.name).sort(), ["good", "odd-chars"]);
  assert.ok(
    fileDiagnostics.some((d) => d.message.includes("bad-epoch") && d.message.includes("skipped")),
    'fileDiagnostics.some((d) => d.message.includes("bad-epoch") && d.message.includes("skipped"))',
  );
  assert.ok(
    fileDiagnostics.some((d) => d.message.includes("odd-chars") && d.message.includes("kept")),
    'fileDiagnostics.some((d) => d.message.includes("odd-chars") && d.message.includes("kept"))',
  );
});

test("dpkg version check agrees with dpkg's own parseversion test vectors", (t) => {
  const shared = sharedDir();
  const path = shared && join(shared, "vectors", "version", "deb-parse.jsonl");
  if (!path || !existsSync(path)) return t.skip("../shared/vectors/version/deb-parse.jsonl is missing");
  // Only dpkg's own vectors (its t-version.c): other libraries' notions of validity differ.
  const lines = readFileSync(path, "utf8")
    .trim()
    .split("\n")
    .filter((l) => l.includes("guillemj/dpkg:"));
  const wrong: string[] = [];
  for (const line of lines) {
    const v = JSON.parse(line) as { input: string; valid: boolean; level?: "error" | "warn" };
    const got = checkDpkgVersion(v.input);
    const want = v.valid ? undefined : v.level === "error" ? "error" : "warning";
    if (got?.level !== want)
      wrong.push(`${JSON.stringify(v.input)}: got ${got?.level ?? "valid"}, want ${want ?? "valid"}`);
  }
  assert.deepEqual(wrong, []);
  assert.ok(lines.length > 50, "lines.length > 50");
});

test("DEP-5 license names map to SPDX where they can", () => {
  assert.equal(debianLicenseToSpdx("GPL-2+"), "GPL-2.0-or-later");
  assert.equal(debianLicenseToSpdx("GPL-3"), "GPL-3.0-only");
  assert.equal(debianLicenseToSpdx("Expat"), "MIT");
  assert.equal(debianLicenseToSpdx("BSD-3-clause and Zlib"), "BSD-3-Clause AND Zlib");
  assert.equal(debianLicenseToSpdx("public-domain"), undefined);
  assert.equal(debianLicenseToSpdx("GPL-2+ with OpenSSL exception"), undefined);
});

test("deb purl: distro namespace and qualifiers, upstream with version for binNMUs", async () => {
  const { packages } = await catalog([file("/var/lib/dpkg/status", status)]);
  const distro = { id: "debian", versionId: "12", codename: "bookworm" };
  const libc = packages.find((p) => p.name === "libc6" && p.metadata?.arch === "amd64")!;
  assert.equal(
    deb.purl(libc, distro),
    "pkg:deb/debian/libc6@2.36-9+deb12u14?arch=amd64&distro=debian-12&upstream=glibc",
  );
  const yaml = packages.find((p) => p.name === "python3-yaml")!;
  assert.equal(
    deb.purl(yaml, distro),
    "pkg:deb/debian/python3-yaml@6.0-3+b2?arch=amd64&distro=debian-12&upstream=pyyaml%406.0-3",
  );
  const halfway = packages.find((p) => p.name === "halfway")!;
  assert.equal(deb.purl(halfway, undefined), "pkg:deb/halfway@2:1.5-1?arch=all");
});

test("hostile dpkg status: binary junk gives diagnostics, no packages, no throw", async () => {
  const junk = Buffer.alloc(256 * 1024);
  let x = 12345;
  for (let i = 0; i < junk.length; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    junk[i] = x >>> 16;
  }
  const { packages, fileDiagnostics } = await catalog([file("/var/lib/dpkg/status", junk)]);
  assert.equal(packages.length, 0);
  assert.ok(
    fileDiagnostics.length > 0 && fileDiagnostics.length <= 52,
    `${fileDiagnostics.length} diagnostics`,
  );
});

test("hostile dpkg status: 50 MB of repeated garbage is read in bounded time and keeps real packages", async () => {
  const garbage = "Package: x\nVersion: :\nStatus: install ok installed\nnot a field line\n\n";
  const real = "Package: real\nStatus: install ok installed\nVersion: 1.0\n\n";
  const body = Buffer.from(garbage.repeat(Math.ceil((50 * 1024 * 1024) / garbage.length)) + real);
  const started = performance.now();
  const { packages, fileDiagnostics } = await catalog([file("/var/lib/dpkg/status", body)]);
  const seconds = (performance.now() - started) / 1000;
  assert.deepEqual(
    packages.map((p) => p.name),
    ["real"],
  );
  assert.ok(fileDiagnostics.length <= 52, `${fileDiagnostics.length} diagnostics`);
  assert.ok(
    fileDiagnostics.some((d) => d.message.includes("more stanza problems")),
    'fileDiagnostics.some((d) => d.message.includes("more stanza problems"))',
  );
  assert.ok(seconds < 20, `took ${seconds.toFixed(1)} s`);
});
