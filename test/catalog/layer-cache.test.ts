import assert from "node:assert/strict";
import { join } from "node:path";
import { after, test } from "node:test";
import { catalogImage } from "../../src/app/catalog-image.js";
import { buildExampleImage } from "../helpers/example-image.js";

const example = buildExampleImage();
after(() => example.cleanup());

test("a second run over known layers reads no layer bytes and gives the same packages", async () => {
  const cache = join(example.dir, "layers.db");
  const first = await catalogImage(example.file, { layerCache: cache });
  assert.equal(first.stats?.layersFromCache, 0);
  assert.ok((first.stats?.layerBytesRead ?? 0) > 0, "the first run reads the layers");

  const second = await catalogImage(example.file, { layerCache: cache });
  assert.equal(second.stats?.layersFromCache, second.layers.length);
  assert.equal(second.stats?.layerBytesRead, 0, "no layer byte is read on the second run");
  assert.deepEqual(
    second.packages.map((p) => p.purl),
    first.packages.map((p) => p.purl),
  );
});

test("the example image: whiteout applied, owner linked, distro found", async () => {
  const sbom = await catalogImage(example.file, { layerCache: false });
  assert.equal(sbom.distro?.id, "debian");
  assert.equal(sbom.distro?.versionId, "12");
  const names = sbom.packages.map((p) => `${p.type}:${p.name}@${p.version}`);
  assert.ok(names.includes("deb:libssl3@3.0.22-1~deb12u2"), names.join(" "));
  assert.ok(names.includes("npm:express@4.17.1"));
  assert.ok(!names.some((n) => n.startsWith("npm:lodash@")), "lodash is deleted by the layer-3 whiteout");
  const urllib3 = sbom.packages.find((p) => p.type === "pypi" && p.name === "urllib3");
  assert.deepEqual(urllib3?.ownedBy, { type: "deb", name: "python3-urllib3", version: "1.26.12-1+deb12u4" });
  const libssl = sbom.packages.find((p) => p.name === "libssl3");
  assert.deepEqual(libssl?.source, { name: "openssl", version: "3.0.22-1~deb12u2" });
  assert.match(libssl?.purl ?? "", /^pkg:deb\/debian\/libssl3@3\.0\.22-1~deb12u2\?/);
  assert.equal(libssl?.locations[0]?.layer, sbom.layers[0]?.diffId);
  const express = sbom.packages.find((p) => p.name === "express");
  assert.equal(express?.locations[0]?.layer, sbom.layers[1]?.diffId);
});
