import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { catalogImage } from "../../src/app/catalog-image.js";
import type { Package, Sbom } from "../../src/model/index.js";
import { sharedDir } from "../helpers/catalog-case.js";

// The real images of shared/images against their ground truth (truth/<image>/*.tsv, made by
// dpkg-query, rpm -qa, go version -m and file walks on the final root filesystem): every
// truth package found with its exact version, and no package reported twice.
const shared = sharedDir();

function readTsv(file: string): Record<string, string>[] {
  const [head, ...rows] = readFileSync(file, "utf8").trimEnd().split("\n");
  const cols = head!.split("\t");
  return rows.map((r) => Object.fromEntries(r.split("\t").map((v, i) => [cols[i], v])));
}

function byType(sbom: Sbom, type: string): Package[] {
  return sbom.packages.filter((p) => p.type === type);
}

function assertNoDuplicates(sbom: Sbom): void {
  const seen = new Map<string, number>();
  for (const p of sbom.packages) {
    const key = `${p.type}|${p.name}|${p.version}|${p.locations.map((l) => l.path).join(",")}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  assert.deepEqual(
    [...seen].filter(([, n]) => n > 1).map(([k]) => k),
    [],
    "packages reported twice",
  );
}

const truthDir = (image: string) => join(shared ?? "", "images", "truth", image);
const stripGo = (v: string) => v.replace(/^go/, "").replace(/^v/, "");

function checkDpkg(sbom: Sbom, image: string): void {
  const truth = readTsv(join(truthDir(image), "dpkg.tsv"));
  const debs = byType(sbom, "deb");
  const missing = truth.filter(
    (t) =>
      !debs.some(
        (p) =>
          p.name === t.package &&
          p.version === t.version &&
          (p.source?.name ?? p.name) === t.source &&
          (p.source?.version ?? p.version) === t.source_version,
      ),
  );
  assert.deepEqual(
    missing.map((t) => `${t.package} ${t.version} (${t.source} ${t.source_version})`),
    [],
  );
  assert.equal(debs.length, truth.length, "dpkg package count");
}

function checkPython(sbom: Sbom, image: string): void {
  const truth = readTsv(join(truthDir(image), "python.tsv"));
  const py = byType(sbom, "pypi");
  for (const t of truth) {
    const p = py.find((x) => x.version === t.version && x.locations.some((l) => l.path === t.path));
    assert.ok(p, `python ${t.name} ${t.version} at ${t.path} not found`);
    assert.equal(p.name.toLowerCase().replace(/[-_.]+/g, "-"), t.name!.toLowerCase().replace(/[-_.]+/g, "-"));
    if (t.os_pkg_owner && t.os_pkg_owner !== "-") {
      const [kind, owner] = t.os_pkg_owner.split(":");
      assert.equal(p.ownedBy?.name, owner, `${t.name}: owner`);
      assert.equal(p.ownedBy?.type, kind === "dpkg" ? "deb" : kind);
    }
  }
  const paths = new Set(truth.map((t) => t.path));
  assert.deepEqual(
    py.filter((p) => !p.locations.some((l) => paths.has(l.path))).map((p) => p.name),
    [],
    "extra python",
  );
}

describe("shared/images truth", { skip: shared ? false : "../shared is absent" }, () => {
  test("debian-app: dpkg, python, npm, go and jars exactly", async () => {
    const sbom = await catalogImage(join(shared!, "images", "debian-app.tar"), { layerCache: false });
    assertNoDuplicates(sbom);
    assert.equal(sbom.distro?.id, "debian");
    assert.equal(sbom.distro?.versionId, "12");
    checkDpkg(sbom, "debian-app");
    checkPython(sbom, "debian-app");

    const npmTruth = readTsv(join(truthDir("debian-app"), "npm.tsv"));
    const npm = byType(sbom, "npm");
    for (const t of npmTruth) {
      assert.ok(
        npm.some(
          (p) => p.name === t.name && p.version === t.version && p.locations.some((l) => l.path === t.path),
        ),
        `npm ${t.name}@${t.version} at ${t.path}`,
      );
    }
    assert.equal(npm.length, npmTruth.length, "npm count (node-fetch is whited out)");
    assert.ok(!npm.some((p) => p.name === "node-fetch"), "node-fetch was deleted by a whiteout");

    const goTruth = readTsv(join(truthDir("debian-app"), "go.tsv"));
    const go = byType(sbom, "golang");
    for (const t of goTruth.filter((r) => r.kind === "dep" || r.kind === "stdlib" || r.kind === "main")) {
      const want = t.kind === "stdlib" ? "stdlib" : t.module;
      const p = go.find(
        (x) =>
          x.name === want &&
          x.locations.some((l) => l.path === t.binary) &&
          (t.kind === "stdlib" ? stripGo(x.version) === stripGo(t.version!) : x.version === t.version),
      );
      assert.ok(p, `go ${t.kind} ${want} ${t.version} in ${t.binary}`);
    }
    assert.ok(
      !go.some((p) => p.locations.some((l) => l.path.startsWith("/opt/vendor-tools/"))),
      "opaque dir hides vendor-tools",
    );

    const jarTruth = readTsv(join(truthDir("debian-app"), "jars.tsv"));
    const jars = byType(sbom, "maven");
    for (const t of jarTruth) {
      // Maven packages are named groupId:artifactId, as OSV and GHSA key them; a jar known
      // only from its MANIFEST.MF has no groupId and keeps the bare artifactId.
      const name = t.groupId === "-" ? t.artifactId : `${t.groupId}:${t.artifactId}`;
      const p = jars.find(
        (x) => x.name === name && x.version === t.version && x.locations.some((l) => l.path === t.jar),
      );
      assert.ok(p, `jar ${name} ${t.version} at ${t.jar}`);
      assert.equal(p.ownedBy?.name, t.os_pkg_owner!.split(":")[1]);
    }
    assert.ok(!jars.some((p) => /netty/.test(p.name)), "netty jars are hidden by the opaque directory");
    assert.ok(
      !jars.some((p) => /commons-collections/.test(p.name)),
      "commons-collections jar was whited out",
    );
  });

  test("rpm-synthetic: every rpm with epoch, release, source rpm, modularity label and vendor", async () => {
    for (const file of ["rpm-synthetic.tar", "rpm-synthetic.oci.tar", "rpm-synthetic.docker.tar"]) {
      const path = join(shared!, "images", file);
      if (!existsSync(path)) continue;
      const sbom = await catalogImage(path, { layerCache: false });
      assertNoDuplicates(sbom);
      assert.equal(sbom.distro?.id, "rocky");
      const truth = readTsv(join(truthDir("rpm-synthetic"), "rpm.tsv")).filter(
        (t) => t.name !== "gpg-pubkey",
      );
      const rpms = byType(sbom, "rpm");
      for (const t of truth) {
        const epoch = t.epoch === "(none)" ? "" : `${t.epoch}:`;
        const p = rpms.find((x) => x.name === t.name && x.version === `${epoch}${t.version}-${t.release}`);
        assert.ok(p, `${file}: rpm ${t.name} ${epoch}${t.version}-${t.release}`);
        assert.equal(p.metadata?.arch, t.arch);
        assert.equal(p.metadata?.sourceRpm ?? p.metadata?.source_rpm, t.sourcerpm);
        assert.equal(p.metadata?.vendor, t.vendor);
        if (t.modularitylabel !== "(none)")
          assert.equal(p.metadata?.modularityLabel ?? p.metadata?.modularitylabel, t.modularitylabel);
      }
      assert.equal(rpms.length, truth.length, `${file}: rpm count (gpg-pubkey skipped)`);
      checkPython(sbom, "rpm-synthetic");
    }
  });

  test("alpine-synthetic: every apk with origin and license", async () => {
    for (const file of ["alpine-synthetic.tar", "alpine-synthetic.docker.tar"]) {
      const sbom = await catalogImage(join(shared!, "images", file), { layerCache: false });
      assertNoDuplicates(sbom);
      assert.equal(sbom.distro?.id, "alpine");
      assert.equal(sbom.distro?.versionId, "3.18.0");
      const truth = readTsv(join(truthDir("alpine-synthetic"), "apk.tsv"));
      const apks = byType(sbom, "apk");
      for (const t of truth) {
        const p = apks.find((x) => x.name === t.name && x.version === t.version);
        assert.ok(p, `${file}: apk ${t.name} ${t.version}`);
        assert.equal(p.source?.name, t.origin);
        assert.deepEqual(p.licenses, [t.license]);
        assert.equal(p.metadata?.arch, t.arch);
      }
      assert.equal(apks.length, truth.length);
    }
  });
});
