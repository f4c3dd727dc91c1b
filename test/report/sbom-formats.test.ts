import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { Ajv } from "ajv";
import { catalogImage } from "../../src/app/catalog-image.js";
import type { Sbom } from "../../src/model/index.js";
import {
  formatCycloneDxJson,
  formatSpdxJson,
  sbomFormatterLoaders,
  sbomFormatters,
} from "../../src/report/sbom/index.js";
import { buildExampleImage } from "../helpers/example-image.js";

const example = buildExampleImage();
let sbom: Sbom;
before(async () => {
  sbom = await catalogImage(example.file, { layerCache: false });
});
after(() => example.cleanup());

test("CycloneDX 1.6 output validates against the official schema", async () => {
  const json = formatCycloneDxJson(sbom);
  const errors = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(json);
  assert.equal(errors, null, JSON.stringify(errors));
  const doc = JSON.parse(json);
  assert.equal(doc.specVersion, "1.6");
  const purls = doc.components.map((c: { purl?: string }) => c.purl).filter(Boolean);
  assert.deepEqual(purls.sort(), sbom.packages.map((p) => p.purl).sort());
});

for (const [format, render] of [
  ["cyclonedx-json", formatCycloneDxJson],
  ["spdx-json", formatSpdxJson],
  ["json", (s: Sbom) => sbomFormatters.json(s)],
] as const) {
  test(`${format}: a drydock SBOM reads back as an sbom: target without loss`, async () => {
    const file = join(example.dir, `sbom.${format}.json`);
    writeFileSync(file, render(sbom));
    if (format === "json") {
      // drydock's own JSON is not a standard SBOM: reading it back is refused with a clear error.
      await assert.rejects(catalogImage(`sbom:${file}`), /not a CycloneDX or SPDX JSON document/);
      return;
    }
    const back = await catalogImage(`sbom:${file}`);
    const key = (s: Sbom) =>
      s.packages
        .map((p) =>
          JSON.stringify([
            p.id,
            p.type,
            p.name,
            p.version,
            p.purl,
            p.source,
            p.locations,
            p.ownedBy,
            p.licenses,
          ]),
        )
        .sort();
    assert.deepEqual(key(back), key(sbom));
    assert.deepEqual(back.distro, sbom.distro);
    assert.deepEqual(back.layers, sbom.layers);
  });
}

test("SPDX 2.3 output validates against the official schema", () => {
  const schema = JSON.parse(
    readFileSync(new URL("../fixtures/schemas/spdx-2.3.schema.json", import.meta.url), "utf8"),
  ) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const ok = validate(JSON.parse(formatSpdxJson(sbom)));
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5)));
  // The schema does catch mistakes: an unknown relationship type is refused.
  const broken = JSON.parse(formatSpdxJson(sbom));
  broken.relationships[0].relationshipType = "OWNS";
  assert.equal(validate(broken), false);
});

test("SPDX 2.3 output has the required document fields and one package per SBOM package", () => {
  const doc = JSON.parse(formatSpdxJson(sbom));
  assert.equal(doc.spdxVersion, "SPDX-2.3");
  assert.equal(doc.dataLicense, "CC0-1.0");
  assert.equal(doc.SPDXID, "SPDXRef-DOCUMENT");
  assert.match(doc.documentNamespace, /^https:\/\//);
  assert.equal(doc.packages.length, sbom.packages.length + 1);
  const ids = new Set(doc.packages.map((p: { SPDXID: string }) => p.SPDXID));
  assert.equal(ids.size, doc.packages.length, "SPDXIDs are unique");
  for (const p of doc.packages) assert.match(p.SPDXID, /^SPDXRef-[A-Za-z0-9.-]+$/);
});

test("table output lists every package and a count by type", () => {
  const text = sbomFormatters.table(sbom, { color: false });
  for (const p of sbom.packages) assert.ok(text.includes(p.name), p.name);
  assert.match(text, new RegExp(`${sbom.packages.length} packages:`));
});

test("the lazy formatter loaders (what the CLI uses) render exactly what the registry renders", async () => {
  assert.deepEqual(Object.keys(sbomFormatterLoaders).sort(), Object.keys(sbomFormatters).sort());
  for (const format of Object.keys(sbomFormatters) as (keyof typeof sbomFormatters)[]) {
    const formatter = await sbomFormatterLoaders[format]();
    for (const color of [false, true]) {
      assert.equal(
        formatter(sbom, { color }),
        sbomFormatters[format](sbom, { color }),
        `${format} color=${color}`,
      );
    }
  }
});
