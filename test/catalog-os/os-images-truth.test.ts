import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { apk } from "../../src/ecosystems/apk/index.js";
import { deb } from "../../src/ecosystems/deb/index.js";
import { rpm } from "../../src/ecosystems/rpm/index.js";
import { runCatalogersOnDir, sharedDir } from "../helpers/catalog-case.js";
import { distroOfDir, extractOciFiles, readTsv } from "./os-test-helpers.js";

const shared = sharedDir();
const distroPaths = /^\/(etc\/[a-z-]*release|etc\/debian_version|usr\/lib\/os-release)$/;

/** Truth's `(none)` is rpm's empty value. */
const orNone = (v: unknown): string => (v === undefined || v === null ? "(none)" : String(v));

test("image truth: rpm-synthetic rpmdb.sqlite matches rpm -qa exactly", async (t) => {
  const oci = shared && join(shared, "images", "rpm-synthetic.oci");
  if (!oci || !existsSync(oci)) return t.skip("../shared/images/rpm-synthetic.oci is missing");
  const root = mkdtempSync(join(tmpdir(), "drydock-rpm-truth-"));
  try {
    const extracted = await extractOciFiles(
      oci,
      root,
      (p) => p === "/var/lib/rpm/rpmdb.sqlite" || distroPaths.test(p),
    );
    assert.ok(extracted.includes("/var/lib/rpm/rpmdb.sqlite"), "rpmdb.sqlite not found in the image");
    const { packages, diagnostics } = await runCatalogersOnDir(rpm.catalogers, root);
    assert.deepEqual(diagnostics, []);
    const truth = readTsv(join(shared, "images", "truth", "rpm-synthetic", "rpm.tsv")).filter(
      (r) => r.name !== "gpg-pubkey",
    );
    assert.equal(truth.length, 28);
    const row = (p: (typeof packages)[number]) => {
      const m = p.metadata ?? {};
      const version = p.version.replace(/^\d+:/, "");
      return [
        p.name,
        orNone(m.epoch),
        version.slice(0, version.lastIndexOf("-")),
        orNone(m.release),
        orNone(m.arch),
        orNone(m.sourceRpm),
        orNone(m.modularityLabel),
        orNone(m.vendor),
      ].join("\t");
    };
    const want = truth.map((r) =>
      [r.name, r.epoch, r.version, r.release, r.arch, r.sourcerpm, r.modularitylabel, r.vendor].join("\t"),
    );
    assert.deepEqual(packages.map(row).sort(), want.sort());
    const distro = await distroOfDir(root);
    assert.equal(distro?.id, "rocky");
    assert.equal(distro?.versionId, "9.3");
    const openssl = packages.find((p) => p.name === "openssl-libs")!;
    assert.equal(
      rpm.purl(openssl, distro),
      "pkg:rpm/rocky/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=rocky-9.3&epoch=1&upstream=openssl-3.0.7-24.el9.src.rpm",
    );
    assert.deepEqual(openssl.source, { name: "openssl", version: "1:3.0.7-24.el9" });
    const six = packages.find((p) => p.name === "python3-six")!;
    assert.ok(
      six.ownedFiles?.includes("/usr/lib/python3.9/site-packages/six-1.15.0-py3.9.egg-info/PKG-INFO"),
      "python3-six owns its egg-info",
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("image truth: alpine-synthetic installed db matches apk.tsv exactly", async (t) => {
  const oci = shared && join(shared, "images", "alpine-synthetic.oci");
  if (!oci || !existsSync(oci)) return t.skip("../shared/images/alpine-synthetic.oci is missing");
  const root = mkdtempSync(join(tmpdir(), "drydock-apk-truth-"));
  try {
    await extractOciFiles(oci, root, (p) => p === "/lib/apk/db/installed" || distroPaths.test(p));
    const { packages, diagnostics } = await runCatalogersOnDir(apk.catalogers, root);
    assert.deepEqual(diagnostics, []);
    const truth = readTsv(join(shared, "images", "truth", "alpine-synthetic", "apk.tsv"));
    const got = packages.map((p) =>
      [p.name, p.version, p.metadata?.arch, p.source?.name, p.licenses.join(" ")].join("\t"),
    );
    const want = truth.map((r) => [r.name, r.version, r.arch, r.origin, r.license].join("\t"));
    assert.deepEqual(got.sort(), want.sort());
    const distro = await distroOfDir(root);
    assert.equal(distro?.id, "alpine");
    assert.equal(distro?.versionId, "3.18.0");
    const musl = packages.find((p) => p.name === "musl")!;
    assert.equal(apk.purl(musl, distro), "pkg:apk/alpine/musl@1.2.4-r0?arch=x86_64&distro=alpine-3.18.0");
    assert.ok(musl.ownedFiles && musl.ownedFiles.length > 0, "musl owns files");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("image truth: debian-app dpkg status matches dpkg-query exactly, with file lists", async (t) => {
  const image = shared && join(shared, "images", "debian-app.tar");
  if (!image || !existsSync(image)) return t.skip("../shared/images/debian-app.tar is missing");
  const root = mkdtempSync(join(tmpdir(), "drydock-dpkg-truth-"));
  try {
    await extractOciFiles(
      image,
      root,
      (p) =>
        p === "/var/lib/dpkg/status" ||
        (p.startsWith("/var/lib/dpkg/info/") && p.endsWith(".list")) ||
        /^\/usr\/share\/doc\/[^/]+\/copyright$/.test(p) ||
        distroPaths.test(p),
    );
    const { packages, diagnostics } = await runCatalogersOnDir(deb.catalogers, root);
    assert.deepEqual(diagnostics, []);
    const truth = readTsv(join(shared, "images", "truth", "debian-app", "dpkg.tsv"));
    assert.equal(truth.length, 135);
    const got = packages.map((p) =>
      [p.name, p.version, p.source?.name, p.source?.version, p.metadata?.arch].join("\t"),
    );
    const want = truth.map((r) => [r.package, r.version, r.source, r.source_version, r.arch].join("\t"));
    assert.deepEqual(got.sort(), want.sort());
    const urllib3 = packages.find((p) => p.name === "python3-urllib3")!;
    assert.ok(
      urllib3.ownedFiles?.some((f) => f.includes("urllib3") && /\.(egg|dist)-info/.test(f)),
      "python3-urllib3 owns its Python metadata",
    );
    assert.ok(
      packages.every((p) => (p.ownedFiles?.length ?? 0) > 0),
      "every package has its info/*.list",
    );
    const distro = await distroOfDir(root);
    const libc = packages.find((p) => p.name === "libc6")!;
    assert.equal(
      deb.purl(libc, distro),
      "pkg:deb/debian/libc6@2.36-9+deb12u14?arch=amd64&distro=debian-12&upstream=glibc",
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
