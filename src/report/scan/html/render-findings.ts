import { type Finding, type ScanResult, severities } from "../../../model/index.js";
import { vulnerabilityUrl } from "../advisory-url.js";
import {
  compareFindings,
  compareText,
  fixedInText,
  introducingLayer,
  isFixable,
  packageLocation,
} from "../finding-facts.js";
import { link, plural, x } from "./html-text.js";

/** The filter form and the table of unsuppressed findings, one row per finding, details folded. */
export function renderFindings(result: ScanResult): string {
  const findings = result.findings.filter((f) => !f.suppressed).sort(compareFindings);
  const types = [...new Set(findings.map((f) => f.package.type))].sort(compareText);
  const present = new Set(findings.map((f) => f.vulnerability.severity));
  const filters = [
    '<form id="filters" class="filters js-only" aria-label="Filter findings">',
    '<fieldset><legend class="muted">Severity</legend>',
    ...[...severities]
      .reverse()
      .map(
        (s) =>
          `<label><input type="checkbox" name="severity" value="${s}" checked${present.has(s) ? "" : " disabled"}> <span class="sev ${s}">${s}</span></label>`,
      ),
    "</fieldset>",
    '<label><input type="checkbox" name="fixable"> fixable only</label>',
    `<label>type <select name="type"><option value="">all</option>${types.map((t) => `<option value="${x(t)}">${x(t)}</option>`).join("")}</select></label>`,
    '<label><input type="search" name="q" placeholder="search id, package, title…" aria-label="Search findings"></label>',
    "</form>",
  ];
  if (findings.length === 0) {
    return [
      '<section class="panel" id="findings">',
      "<h2>Findings</h2>",
      '<p class="empty">No unsuppressed vulnerabilities found.</p>',
      "</section>",
    ].join("\n");
  }
  return [
    '<section class="panel" id="findings">',
    `<h2>Findings</h2>`,
    ...filters,
    `<p class="count js-only"><span id="shown-count">${findings.length}</span> of ${plural(findings.length, "finding")} shown</p>`,
    '<table id="findings-table">',
    "<thead><tr><th>Severity</th><th>Vulnerability</th><th>Package</th><th>Installed</th><th>Fixed in</th><th>Layer</th><th>EPSS</th><th>Title and details</th></tr></thead>",
    "<tbody>",
    ...findings.map((f) => renderRow(result, f)),
    "</tbody>",
    "</table>",
    '<p id="no-match" class="empty" hidden>No finding matches the filters.</p>',
    "</section>",
  ].join("\n");
}

function renderRow(result: ScanResult, f: Finding): string {
  const v = f.vulnerability;
  const location = packageLocation(result, f);
  const layer = introducingLayer(result, f);
  const fixed = fixedInText(f);
  const search = [
    v.id,
    ...v.aliases,
    f.package.name,
    f.package.version,
    f.package.purl,
    v.summary ?? "",
    location?.path ?? "",
  ]
    .join(" ")
    .toLowerCase();
  const attrs = `data-severity="${v.severity}" data-fixable="${isFixable(f) ? 1 : 0}" data-type="${x(f.package.type)}" data-search="${x(search)}"`;
  const cells = [
    `<span class="sev ${v.severity}">${v.severity}</span>${v.kev ? '<span class="kev" title="CISA Known Exploited Vulnerabilities catalog">KEV</span>' : ""}`,
    `${link(vulnerabilityUrl(v), v.id)}${v.aliases.length ? `<div class="aliases">${x(v.aliases.join(", "))}</div>` : ""}`,
    `${x(f.package.name)}<div class="muted">${x(f.package.type)}</div>`,
    `<span class="mono">${x(f.package.version)}</span>`,
    f.fix.versions.length
      ? `<span class="fixed mono">${x(fixed)}</span>`
      : `<span class="muted">${x(fixed || "no fix")}</span>`,
    layer ? `<span title="${x(layer.createdBy ?? layer.diffId)}">#${layer.index}</span>` : "",
    v.epss
      ? `<span title="${x(`percentile ${(v.epss.percentile * 100).toFixed(1)}`)}">${(v.epss.score * 100).toFixed(2)}%</span>`
      : '<span class="muted">–</span>',
    renderDetails(f, location?.path, layer?.createdBy),
  ];
  return `<tr ${attrs}>${cells.map((c, i) => `<td${i === 6 ? ' class="num"' : ""}>${c}</td>`).join("")}</tr>`;
}

function renderDetails(f: Finding, path: string | undefined, createdBy: string | undefined): string {
  const v = f.vulnerability;
  const title = v.summary?.replace(/\s+/g, " ").trim() || v.id;
  const rows: [string, string][] = [];
  rows.push(["Package", `<code>${x(f.package.purl)}</code>`]);
  if (path) rows.push(["Found in", `<code>${x(path)}</code>`]);
  if (createdBy) rows.push(["Layer", `<code>${x(createdBy)}</code>`]);
  rows.push([
    "Severity",
    `${x(v.severity)}${v.severitySource ? ` <span class="muted">from ${x(v.severitySource)}</span>` : ""}`,
  ]);
  for (const r of v.cvss) {
    const score = typeof r.score === "number" ? r.score.toFixed(1) : "";
    rows.push([
      `${x(r.source)}`,
      `${x(r.severity)}${score ? ` ${score}` : ""}${r.vector ? ` <code>${x(r.vector)}</code>` : ""}`,
    ]);
  }
  if (f.vendorState) rows.push(["Vendor state", x(f.vendorState)]);
  if (v.kev)
    rows.push([
      "Exploited",
      `in CISA KEV since ${x(v.kev.dateAdded)}${v.kev.dueDate ? `, due ${x(v.kev.dueDate)}` : ""}`,
    ]);
  if (v.cwes?.length) rows.push(["Weakness", x(v.cwes.join(", "))]);
  if (v.published) rows.push(["Published", x(v.published.slice(0, 10))]);
  for (const e of f.evidence) {
    const range = e.found.range
      ? [
          e.found.range.introduced && `from ${e.found.range.introduced}`,
          e.found.range.fixed && `fixed ${e.found.range.fixed}`,
          e.found.range.lastAffected && `through ${e.found.range.lastAffected}`,
        ]
          .filter(Boolean)
          .join(", ")
      : (e.found.versions ?? []).join(", ");
    rows.push([
      "Matched",
      x(
        `${e.matcher}: ${e.searchedBy.ecosystem}${e.searchedBy.distro ? ` ${e.searchedBy.distro}` : ""} ${e.searchedBy.name} ${e.searchedBy.version} → ${e.found.provider} ${e.found.advisoryId}${range ? ` (${range})` : ""}`,
      ),
    ]);
  }
  const refs = v.references.slice(0, 8).map((r) => link(r.url, r.url));
  if (refs.length) rows.push(["References", refs.join("<br>")]);
  return `<details><summary>${x(title)}</summary><dl>${rows.map(([k, val]) => `<dt>${k}</dt><dd>${val}</dd>`).join("")}</dl></details>`;
}
