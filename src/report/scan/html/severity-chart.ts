import { type Severity, severities } from "../../../model/index.js";
import { escapeMarkup as x } from "../escape-markup.js";

/** Severity colours, the same as the stylesheet's (SVG `fill` cannot read CSS variables in every viewer). */
export const severityColour: Record<Severity, string> = {
  critical: "#9b1c31",
  high: "#d1432f",
  medium: "#d98a12",
  low: "#3a7bd5",
  negligible: "#8a94a6",
  unknown: "#b3bac7",
};

/**
 * An inline SVG bar chart of findings per severity, most severe on top, bars scaled to the
 * largest count. Each bar is focusable and carries its severity for the filter script.
 */
export function renderSeverityChart(counts: Record<Severity, number>): string {
  const order = [...severities].reverse();
  const max = Math.max(1, ...order.map((s) => counts[s]));
  const rowHeight = 30;
  const labelWidth = 92;
  const barMax = 300;
  const height = order.length * rowHeight + 6;
  const total = order.reduce((n, s) => n + counts[s], 0);
  const bars = order.map((s, i) => {
    const y = i * rowHeight + 4;
    const width = counts[s] === 0 ? 0 : Math.max(3, Math.round((counts[s] / max) * barMax));
    return [
      `<g class="bar" data-severity="${s}" tabindex="0" role="button" aria-label="${x(`show only ${s}: ${counts[s]}`)}">`,
      `<title>${x(`${counts[s]} ${s}`)}</title>`,
      `<text x="0" y="${y + 16}">${x(capitalise(s))}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${barMax}" height="22" rx="4" fill="${severityColour[s]}" opacity="0.12"/>`,
      `<rect class="fill" x="${labelWidth}" y="${y}" width="${width}" height="22" rx="4" fill="${severityColour[s]}"/>`,
      `<text x="${labelWidth + barMax + 10}" y="${y + 16}" font-weight="600">${counts[s]}</text>`,
      "</g>",
    ].join("");
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${labelWidth + barMax + 50} ${height}" role="img" aria-label="${x(
      `Findings by severity: ${order.map((s) => `${counts[s]} ${s}`).join(", ")}; ${total} in all`,
    )}">`,
    ...bars,
    "</svg>",
  ].join("\n");
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
