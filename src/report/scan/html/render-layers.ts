import { type ScanResult, severities } from "../../../model/index.js";
import { compareText, introducingLayer, shortDigest } from "../finding-facts.js";
import type { Remediation } from "../remediation.js";
import { plural, x } from "./html-text.js";

/**
 * The per-layer view: for each layer its history line, and the findings of the packages it
 * introduced (a stacked bar by severity and the packages), so the Dockerfile line to change
 * is plain to see.
 */
export function renderLayers(result: ScanResult, remediation: Remediation): string {
  const open = result.findings.filter((f) => !f.suppressed);
  const cards = remediation.layers.map((layer) => {
    const packages = new Map<string, { label: string; count: number }>();
    for (const f of open) {
      if (introducingLayer(result, f)?.diffId !== layer.diffId) continue;
      const label = `${f.package.name} ${f.package.version}`;
      packages.set(f.package.id, { label, count: (packages.get(f.package.id)?.count ?? 0) + 1 });
    }
    const stack = [...severities]
      .reverse()
      .filter((s) => layer.bySeverity[s] > 0)
      .map(
        (s) =>
          `<span class="${s}" style="width:${((layer.bySeverity[s] / layer.findings) * 100).toFixed(2)}%" title="${layer.bySeverity[s]} ${s}"></span>`,
      )
      .join("");
    const list = [...packages.values()]
      .sort((a, b) => b.count - a.count || compareText(a.label, b.label))
      .map((p) => `${x(p.label)} <span class="muted">(${p.count})</span>`)
      .join(", ");
    return [
      '<div class="layer">',
      `<div class="layer-head"><span class="idx">Layer ${layer.index}</span><span class="muted mono" title="${x(layer.diffId)}">${x(shortDigest(layer.diffId))}</span>`,
      `<span>${layer.findings === 0 ? '<span class="muted">no findings</span>' : `${plural(layer.findings, "finding")} in ${plural(layer.packages, "package")}, ${layer.fixable} fixable`}</span></div>`,
      layer.createdBy
        ? `<code class="cmd">${x(layer.createdBy)}</code>`
        : '<span class="muted">no history line</span>',
      layer.findings > 0
        ? `<div class="stack" role="img" aria-label="${x(
            severities
              .filter((s) => layer.bySeverity[s] > 0)
              .map((s) => `${layer.bySeverity[s]} ${s}`)
              .join(", "),
          )}">${stack}</div>`
        : "",
      list ? `<div class="muted">${list}</div>` : "",
      "</div>",
    ].join("\n");
  });
  return [
    '<section class="panel" id="layers">',
    "<h2>Layers</h2>",
    '<div class="layers">',
    ...cards,
    "</div>",
    "</section>",
  ].join("\n");
}
