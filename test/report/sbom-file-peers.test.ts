import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { catalogImage } from "../../src/app/catalog-image.js";
import { DrydockError } from "../../src/model/index.js";
import { sharedDir } from "../helpers/catalog-case.js";

const fixture = (name: string) => new URL(`../fixtures/sbom/${name}`, import.meta.url).pathname;
const shared = sharedDir();

function truthApks(): { name: string; version: string; origin: string }[] {
  const rows = readFileSync(`${shared}/images/truth/alpine-synthetic/apk.tsv`, "utf8")
    .trim()
    .split("\n")
    .slice(1);
  return rows.map((r) => {
    const [name, version, , origin] = r.split("\t");
    return { name: name!, version: version!, origin: origin! };
  });
}

for (const file of ["trivy-alpine-synthetic.cdx.json", "trivy-alpine-synthetic.spdx.json"]) {
  test(`reads Trivy's ${file.endsWith("spdx.json") ? "SPDX" : "CycloneDX"} SBOM: packages, source packages, distro, layers`, {
    skip: shared ? false : "../shared is absent",
  }, async () => {
    const sbom = await catalogImage(`sbom:${fixture(file)}`);
    assert.equal(sbom.distro?.id, "alpine");
    assert.equal(sbom.distro?.versionId, "3.18.0");
    const apks = sbom.packages.filter((p) => p.type === "apk");
    for (const t of truthApks()) {
      const p = apks.find((x) => x.name === t.name && x.version === t.version);
      assert.ok(p, `${t.name} ${t.version}`);
      assert.equal(p.source?.name, t.origin);
      assert.match(String(p.locations[0]?.layer ?? p.metadata?.layer), /^sha256:2f5e7077/);
    }
    assert.equal(apks.length, truthApks().length);
  });
}

test("reads Trivy's rpm SBOM with epochs in source versions", async () => {
  const sbom = await catalogImage(`sbom:${fixture("trivy-rpm-synthetic.cdx.json")}`);
  assert.equal(sbom.distro?.id, "rocky");
  const libs = sbom.packages.find((p) => p.name === "openssl-libs");
  assert.equal(libs?.type, "rpm");
  assert.equal(libs?.source?.name, "openssl");
  assert.equal(libs?.source?.version, "1:3.0.7-24.el9");
});

test("reads Syft's CycloneDX conventions (syft: properties, upstream= qualifier, syft types)", async () => {
  const sbom = await catalogImage(`sbom:${fixture("syft-hello.cdx.json")}`);
  assert.deepEqual(sbom.distro, {
    id: "debian",
    versionId: "12",
    codename: "bookworm",
    prettyName: "Debian GNU/Linux 12 (bookworm)",
  });
  const libssl = sbom.packages.find((p) => p.name === "libssl3");
  assert.equal(libssl?.type, "deb");
  assert.deepEqual(libssl?.source, { name: "openssl" });
  assert.deepEqual(libssl?.locations, [
    {
      path: "/var/lib/dpkg/status",
      layer: "sha256:9a4e2c51b7ad4ad51d7a19dc2ec02cbe08cbd1dd2a8f9ee4d6c61dc2b8d0f1a3",
    },
  ]);
  const yaml = sbom.packages.find((p) => p.name === "python3-yaml");
  assert.deepEqual(yaml?.source, { name: "pyyaml", version: "6.0-3" });
  assert.equal(sbom.packages.find((p) => p.name === "urllib3")?.type, "pypi");
  assert.equal(
    sbom.packages.find((p) => p.name === "express")?.locations[0]?.path,
    "/app/node_modules/express/package.json",
  );
});

test("reads Syft's SPDX conventions (purl external refs, sourceInfo paths, OS package)", async () => {
  const sbom = await catalogImage(`sbom:${fixture("syft-hello.spdx.json")}`);
  assert.equal(sbom.distro?.id, "debian");
  assert.equal(sbom.distro?.versionId, "12");
  assert.equal(sbom.packages.length, 2);
  const libssl = sbom.packages.find((p) => p.name === "libssl3");
  assert.deepEqual(libssl?.source, { name: "openssl" });
  assert.equal(libssl?.locations[0]?.path, "/var/lib/dpkg/status");
  assert.deepEqual(sbom.packages.find((p) => p.name === "express")?.licenses, ["MIT"]);
});

test("a file that is not an SBOM is refused with exit code 3 and one line naming it", async () => {
  await assert.rejects(catalogImage(`sbom:${fixture("NOTICE.md")}`), (e: unknown) => {
    assert.ok(e instanceof DrydockError);
    assert.equal(e.code, "DRYDOCK_SBOM_INVALID");
    assert.equal(e.exitCode, 3);
    assert.match(e.message, /NOTICE\.md: not valid JSON/);
    return true;
  });
});
