import assert from "node:assert/strict";
import { test } from "node:test";
import type { ScanFormatOptions } from "../../src/report/scan/index.js";
import { scanFormatters } from "../../src/report/scan/index.js";
import { scanFormatterLoaders } from "../../src/report/scan/load-scan-formatter.js";
import { sampleResult } from "./sample-result.js";

test("the lazy scan formatter loaders (what the CLI uses) render exactly what the registry renders", async () => {
  assert.deepEqual(Object.keys(scanFormatterLoaders).sort(), Object.keys(scanFormatters).sort());
  const options: ScanFormatOptions[] = [
    {},
    { color: true },
    { showSuppressed: true },
    { failOn: "critical" },
    { color: false, showSuppressed: true, failOn: "high" },
  ];
  for (const format of Object.keys(scanFormatters) as (keyof typeof scanFormatters)[]) {
    const formatter = await scanFormatterLoaders[format]();
    for (const opts of options) {
      assert.equal(
        formatter(sampleResult(), opts),
        scanFormatters[format](sampleResult(), opts),
        `${format} ${JSON.stringify(opts)}`,
      );
    }
  }
});
