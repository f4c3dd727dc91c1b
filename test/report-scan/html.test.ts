import assert from "node:assert/strict";
import { test } from "node:test";
import { Script } from "node:vm";
import { formatHtml } from "../../src/report/scan/html.js";
import { sampleResult } from "./sample-result.js";

const html = formatHtml(sampleResult());

test("one self-contained file: inline style and script, a CSP that forbids any fetch, no external resource", () => {
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(
    html,
    /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">/,
  );
  assert.equal(html.match(/<script\b/g)?.length, 1, "exactly one script element: ours");
  assert.equal(html.match(/<style\b/g)?.length, 1);
  assert.doesNotMatch(html, /<(link|img|iframe|object|embed)\b/i);
  assert.doesNotMatch(html, /\bsrc=["']?https?:/i);
  assert.doesNotMatch(html, /@import|url\(/i, "the stylesheet loads nothing");
});

test("every string from the image or the feeds is escaped: a hostile package name stays text", () => {
  assert.ok(!html.includes('<script>alert("x")</script>'), "package name");
  assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
  assert.ok(!html.includes("<img src=x onerror=alert(1)>"), "package version");
  assert.ok(!html.includes('</script><script>alert("summary")</script>'), "advisory summary");
  assert.ok(!html.includes("GHSA-xxxx-<b>-evil"), "vulnerability id");
  assert.ok(!/href="javascript:/i.test(html), "no javascript: link from a feed reference");
  assert.ok(
    html.includes('href="https://example.com/advisory?a=1&amp;b=%3C2%3E"'),
    "web links are kept, encoded and escaped",
  );
  // The only script body is the constant one; it does not interpolate data.
  const script = html.slice(html.indexOf("<script>") + 8, html.indexOf("</script>"));
  assert.doesNotMatch(script, /alert|urllib3|express/);
  assert.doesNotThrow(() => new Script(script), "the inline script is valid JavaScript");
});

test("header with image, distro and database age; summary cards and an SVG chart by severity", () => {
  assert.match(html, /<h1>drydock\.example\/hello:1\.0<\/h1>/);
  assert.match(html, /<dt>Distro<\/dt><dd>Debian GNU\/Linux 12 \(bookworm\)<\/dd>/);
  assert.match(html, /built 2026-03-07 06:00 UTC \(3 days before the scan\), 2 sources/);
  assert.match(
    html,
    /<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"[^>]* role="img" aria-label="Findings by severity: 1 critical, 2 high, 3 medium, 0 low, 0 negligible, 0 unknown; 6 in all">/,
  );
  assert.match(html, /<div class="n">6<\/div><div class="l">vulnerabilities<\/div>/);
  assert.match(html, /<div class="n">1<\/div><div class="l">known exploited \(KEV\)<\/div>/);
  assert.match(html, /<div class="n">2<\/div><div class="l">suppressed<\/div>/);
});

test("filters and a findings table whose rows carry what the filters read", () => {
  for (const control of [
    'name="severity" value="critical"',
    'name="fixable"',
    'name="type"',
    'type="search" name="q"',
  ]) {
    assert.ok(html.includes(control), control);
  }
  assert.match(
    html,
    /<option value="deb">deb<\/option><option value="npm">npm<\/option><option value="pypi">pypi<\/option>/,
  );
  const rows =
    html.match(/<tr data-severity="[a-z]+" data-fixable="[01]" data-type="[a-z]+" data-search="[^"]*">/g) ??
    [];
  assert.equal(rows.length, 6, "unsuppressed findings only");
  assert.ok(
    rows[0]!.startsWith('<tr data-severity="critical" data-fixable="1" data-type="deb"'),
    "most severe first",
  );
  assert.match(html, /data-search="[^"]*cve-2023-43804[^"]*"/, "aliases are searchable");
});

test("warnings, remediation, per-layer view and the collapsed suppressed findings", () => {
  assert.match(
    html,
    /ignore rule 1 for CVE-2024-29041 expired on 2026-01-31: it no longer suppresses 1 finding/,
  );
  assert.match(
    html,
    /<td class="mono">1\.26\.12<\/td><td><span class="fixed mono">2\.5\.0<\/span><\/td>/,
    "urllib3 → 2.5.0 clears both",
  );
  assert.match(html, /<span class="idx">Layer 1<\/span>[\s\S]*?COPY app\/ \/app\//);
  assert.match(html, /<span class="idx">Layer 2<\/span>[\s\S]*?no findings/);
  assert.match(
    html,
    /<details><summary><h2 style="display:inline">Suppressed findings \(2\)<\/h2><\/summary>/,
  );
  assert.match(html, /\.drydock-ignore\.yaml rule 2/);
  assert.match(
    formatHtml(sampleResult(), { showSuppressed: true }),
    /<details open><summary><h2 style="display:inline">Suppressed findings/,
  );
});

test("deterministic: the same result renders the same bytes, whatever the finding order", () => {
  const shuffled = sampleResult();
  shuffled.findings.reverse();
  assert.equal(formatHtml(shuffled), html);
});

test("a scan without findings says so", () => {
  const clean = sampleResult();
  clean.findings = [];
  const out = formatHtml(clean);
  assert.match(out, /No unsuppressed vulnerabilities found\./);
  assert.doesNotMatch(out, /Suppressed findings/);
});
