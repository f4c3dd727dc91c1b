import type { ScanResult } from "../../../model/index.js";
import { vulnerabilityUrl } from "../advisory-url.js";
import { compareFindings } from "../finding-facts.js";
import { link, x } from "./html-text.js";

/** Suppressed findings in a collapsed section (open when `open`), each with its rule or statement. */
export function renderSuppressed(result: ScanResult, open: boolean): string {
  const suppressed = result.findings.filter((f) => f.suppressed).sort(compareFindings);
  if (suppressed.length === 0) return "";
  return [
    '<section class="panel" id="suppressed">',
    `<details${open ? " open" : ""}><summary><h2 style="display:inline">Suppressed findings (${suppressed.length})</h2></summary>`,
    '<p class="muted">Marked by a VEX statement or an ignore rule: not counted in the summary or for <code>--fail-on</code>.</p>',
    "<table>",
    "<thead><tr><th>Severity</th><th>Vulnerability</th><th>Package</th><th>By</th><th>Reason</th><th>Expires</th></tr></thead>",
    "<tbody>",
    ...suppressed.map((f) => {
      const s = f.suppressed!;
      return [
        "<tr>",
        `<td><span class="sev ${f.vulnerability.severity}">${f.vulnerability.severity}</span></td>`,
        `<td>${link(vulnerabilityUrl(f.vulnerability), f.vulnerability.id)}</td>`,
        `<td>${x(f.package.name)} <span class="mono">${x(f.package.version)}</span></td>`,
        `<td>${s.by === "vex" ? "VEX" : "ignore rule"}<div class="aliases">${x(s.reference)}</div></td>`,
        `<td>${x(s.reason ?? "")}</td>`,
        `<td class="mono">${x(s.expires ?? "")}</td>`,
        "</tr>",
      ].join("");
    }),
    "</tbody>",
    "</table>",
    "</details>",
    "</section>",
  ].join("\n");
}
