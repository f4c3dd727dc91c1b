import type { Remediation } from "../remediation.js";
import { plural, x } from "./html-text.js";

/** The remediation summary: per package the version to move to and what it clears. */
export function renderRemediation(remediation: Remediation): string {
  const rows = remediation.packages;
  if (rows.length === 0) {
    return [
      '<section class="panel" id="remediation">',
      "<h2>Remediation</h2>",
      '<p class="empty">Nothing to fix.</p>',
      "</section>",
    ].join("\n");
  }
  const fixable = rows.filter((r) => r.upgradeTo !== undefined);
  return [
    '<section class="panel" id="remediation">',
    "<h2>Remediation</h2>",
    `<p class="muted">Upgrading ${plural(fixable.length, "package")} clears ${plural(
      fixable.reduce((n, r) => n + r.clears.length, 0),
      "finding",
    )}; the version shown is the lowest that fixes every fixable finding of the package.</p>`,
    "<table>",
    "<thead><tr><th>Severity</th><th>Package</th><th>Installed</th><th>Upgrade to</th><th>Clears</th><th>No fix yet</th><th>Layer</th></tr></thead>",
    "<tbody>",
    ...rows.map((r) =>
      [
        "<tr>",
        `<td><span class="sev ${r.severity}">${r.severity}</span></td>`,
        `<td>${x(r.package.name)}<div class="muted">${x(r.package.type)}</div></td>`,
        `<td class="mono">${x(r.package.version)}</td>`,
        `<td>${r.upgradeTo !== undefined ? `<span class="fixed mono">${x(r.upgradeTo)}</span>` : '<span class="muted">–</span>'}</td>`,
        `<td>${r.clears.length ? `${r.clears.length}<div class="aliases">${x(r.clears.join(", "))}</div>` : '<span class="muted">0</span>'}</td>`,
        `<td>${r.remaining.length ? `${r.remaining.length}<div class="aliases">${x(r.remaining.join(", "))}</div>` : '<span class="muted">0</span>'}</td>`,
        `<td>${r.layer !== undefined ? `#${r.layer}` : ""}</td>`,
        "</tr>",
      ].join(""),
    ),
    "</tbody>",
    "</table>",
    "</section>",
  ].join("\n");
}
