import type { ScanResult } from "../../../model/index.js";
import { imageName } from "../finding-facts.js";
import { daysBetween, formatTime, plural, x } from "./html-text.js";

/** The page header: the image, and the facts that say what was scanned against what. */
export function renderHeader(result: ScanResult): string {
  const { sbom, db } = result;
  const facts: [string, string][] = [];
  if (sbom.target.ref && sbom.target.ref !== sbom.target.input)
    facts.push(["Input", `<code>${x(sbom.target.input)}</code>`]);
  if (sbom.distro) {
    const name = sbom.distro.prettyName ?? [sbom.distro.id, sbom.distro.versionId].filter(Boolean).join(" ");
    const support =
      sbom.distro.support && sbom.distro.support !== "supported"
        ? ` <strong>(${x(sbom.distro.support)})</strong>`
        : "";
    facts.push(["Distro", `${x(name)}${support}`]);
  } else {
    facts.push(["Distro", "not detected"]);
  }
  if (sbom.target.platform) facts.push(["Platform", x(sbom.target.platform)]);
  if (sbom.target.digest) facts.push(["Digest", `<code>${x(sbom.target.digest)}</code>`]);
  facts.push([
    "Packages",
    `${plural(sbom.packages.length, "package")} in ${plural(sbom.layers.length, "layer")}`,
  ]);
  facts.push(["Scanned", x(formatTime(sbom.created))]);
  if (db) {
    const age = daysBetween(db.built, sbom.created);
    const ageText =
      age === undefined
        ? ""
        : age <= 0
          ? " (the day of the scan)"
          : ` (${plural(age, "day")} before the scan)`;
    const providers = db.providers.map((p) => `${p.id}: ${p.records} records`).join(", ");
    facts.push([
      "Database",
      `<span title="${x(providers)}">built ${x(formatTime(db.built))}${x(ageText)}, ${plural(db.providers.length, "source")}</span>`,
    ]);
  }
  return [
    '<header class="top">',
    '<div class="brand">drydock · vulnerability report</div>',
    `<h1>${x(imageName(result))}</h1>`,
    '<dl class="facts">',
    ...facts.map(([k, v]) => `<div><dt>${x(k)}</dt><dd>${v}</dd></div>`),
    "</dl>",
    "</header>",
  ].join("\n");
}
