import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";
import { Spec, Validation } from "@cyclonedx/cyclonedx-library";
import { Ajv } from "ajv";
import ajvFormats from "ajv-formats";
import { importFeeds } from "../../src/app/build-db.js";
import { scanImage } from "../../src/app/scan.js";
import { prepareSuppression } from "../../src/app/suppress.js";
import type { ScanResult } from "../../src/model/index.js";
import { scanFormatters } from "../../src/report/scan/index.js";
import { buildExampleImage } from "../helpers/example-image.js";
import { golden } from "../helpers/golden.js";

/**
 * Golden reports: the bundled example image scanned for real (catalog, match, enrich,
 * suppression) against a database the real importers build from the feed slices in
 * examples/feeds, rendered in every registered format and compared with
 * test/golden/<format>.golden. `UPDATE_GOLDEN=1 npm test -- test/golden` rewrites them.
 */

const fixtures = fileURLToPath(new URL("../../examples/feeds/", import.meta.url));
const inputs = fileURLToPath(new URL("./inputs/", import.meta.url));
/** The clock suppression is judged with: ignore rule 1 holds, rule 2 expired on 2026-01-31. */
const scanTime = "2026-06-01T00:00:00.000Z";

const example = buildExampleImage();
const work = mkdtempSync(join(tmpdir(), "drydock-golden-"));
let result: ScanResult;

before(async () => {
  const db = join(work, "advisories.db");
  const built = await importFeeds([join(fixtures, "osv"), join(fixtures, "epss")], { db, fresh: true });
  assert.deepEqual(
    built.providers.map((p) => [p.provider, p.status]).sort(),
    [
      ["epss", "imported"],
      ["osv:PyPI", "imported"],
      ["osv:npm", "imported"],
    ],
  );
  const suppression = await prepareSuppression({ cwd: inputs, vexFiles: ["hello.openvex.json"], now: new Date(scanTime) });
  const scanned = await scanImage(example.file, {
    db,
    includeOsOwned: true,
    layerCache: false,
    findingSteps: [suppression.step],
  });
  result = redact(scanned);
});

after(() => {
  example.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/**
 * Replaces what changes from run to run with fixed values of the same kind (so every format
 * still renders valid dates): scan and database times, provider fetch and import times (file
 * mtimes), the temp paths of the image and database, and the tool version.
 */
function redact(r: ScanResult): ScanResult {
  return {
    ...r,
    sbom: {
      ...r.sbom,
      created: scanTime,
      target: { ...r.sbom.target, input: "hello-image.tar" },
      generator: { ...r.sbom.generator, version: "0.0.0-golden" },
    },
    ...(r.db
      ? {
          db: {
            ...r.db,
            path: "advisories.db",
            built: "2026-05-29T06:00:00.000Z",
            providers: r.db.providers.map((p) => ({
              ...p,
              fetchedAt: "2026-05-29T05:00:00.000Z",
              importedAt: "2026-05-29T06:00:00.000Z",
            })),
          },
        }
      : {}),
  };
}

test("the real scan of the example image finds what the feed slices say, with suppression applied", () => {
  const rows = result.findings
    .map((f) => `${f.package.name} ${f.package.version} ${f.vulnerability.id} ${f.suppressed?.by ?? "-"}`)
    .sort();
  assert.deepEqual(rows, [
    "cookie 0.4.0 CVE-2024-47764 vex",
    "express 4.17.1 CVE-2024-29041 -",
    "path-to-regexp 0.1.7 CVE-2024-45296 -",
    "send 0.17.1 CVE-2024-43799 ignore-rule",
    "urllib3 1.26.12 CVE-2023-43804 -",
    "urllib3 1.26.12 CVE-2023-45803 -",
    "urllib3 1.26.12 CVE-2024-37891 -",
    "urllib3 1.26.12 CVE-2025-50181 -",
  ]);
  assert.ok(
    result.diagnostics.some(
      (d) => d.code === "ignore-rule-expired" && d.message.startsWith("ignore rule 2 for CVE-2024-29041 expired on 2026-01-31"),
    ),
  );
});

for (const format of Object.keys(scanFormatters) as (keyof typeof scanFormatters)[]) {
  test(`golden report: ${format}`, () => {
    const out = scanFormatters[format](result, { color: false, failOn: "medium" });
    assert.ok(!out.includes(work) && !out.includes(example.dir), "no temp path survives redaction");
    assert.ok(!out.includes(fileURLToPath(new URL("../../", import.meta.url))), "no checkout path in the report");
    golden(`${format}.golden`, out);
  });
}

test("golden report: table --show-suppressed lists the suppressed findings apart, with what suppressed them", () => {
  golden("table-show-suppressed.golden", scanFormatters.table(result, { color: false, showSuppressed: true }));
});

test("the golden SARIF validates against the SARIF 2.1.0 schema", () => {
  const schema = JSON.parse(readFileSync(new URL("../fixtures/schemas/sarif-schema-2.1.0.json", import.meta.url), "utf8"));
  // The published schema's `language` pattern has a stray `]` that only non-unicode regexps accept.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile(schema);
  const ok = validate(JSON.parse(scanFormatters.sarif(result)));
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5)));
});

test("the golden CycloneDX validates against CycloneDX 1.6 (strict)", async () => {
  const errors = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(
    scanFormatters["cyclonedx-json"](result),
  );
  assert.equal(errors, null, JSON.stringify(errors));
});
