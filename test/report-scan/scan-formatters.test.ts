import assert from "node:assert/strict";
import { test } from "node:test";
import { scanFormatters } from "../../src/report/scan/index.js";
import { sampleResult } from "./sample-result.js";

test("the scan format registry holds every format DESIGN.md names for scan, each rendering text", () => {
  for (const format of ["table", "json", "sarif", "cyclonedx-json", "html", "junit"]) {
    assert.ok(Object.hasOwn(scanFormatters, format), format);
  }
  for (const [format, render] of Object.entries(scanFormatters)) {
    const out = render(sampleResult(), { color: false, showSuppressed: true, failOn: "high" });
    assert.equal(typeof out, "string", format);
    assert.ok(out.endsWith("\n"), `${format} ends with a newline`);
  }
});

test("the registry passes options through: junit's threshold and html's suppressed section", () => {
  const junit = scanFormatters.junit(sampleResult(), { failOn: "critical" });
  assert.match(junit, /<testsuites [^>]*failures="1"/);
  assert.match(scanFormatters.html(sampleResult(), { showSuppressed: true }), /<details open>/);
});
