import Table from "cli-table3";
import pc from "picocolors";
import type { Sbom } from "../../model/index.js";

/** A human-readable package list: one row per package, then counts by type and the ledger's skips. */
export function formatSbomTable(sbom: Sbom, options: { color?: boolean } = {}): string {
  const c = options.color ? pc : pc.createColors(false);
  const layerIndex = new Map(sbom.layers.map((l) => [l.diffId, l.index]));
  const table = new Table({
    head: ["NAME", "VERSION", "TYPE", "SOURCE", "LAYER", "LOCATION"].map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const p of sbom.packages) {
    const loc = p.locations[0];
    table.push([
      p.name,
      p.version,
      p.type,
      p.source && p.source.name !== p.name ? p.source.name : "",
      loc ? String((layerIndex.get(loc.layer) ?? -1) + 1 || "") : "",
      loc ? loc.path + (p.ownedBy ? c.dim(` (${p.ownedBy.type}:${p.ownedBy.name})`) : "") : "",
    ]);
  }
  const byType = new Map<string, number>();
  for (const p of sbom.packages) byType.set(p.type, (byType.get(p.type) ?? 0) + 1);
  const distro = sbom.distro
    ? `${sbom.distro.prettyName ?? `${sbom.distro.id} ${sbom.distro.versionId ?? ""}`}${sbom.distro.support && sbom.distro.support !== "supported" ? c.yellow(` (${sbom.distro.support})`) : ""}`
    : c.yellow("unknown OS");
  const lines = [
    `${c.bold(sbom.target.ref ?? sbom.target.input)}  ${distro}`,
    table.toString(),
    `${sbom.packages.length} packages: ${[...byType].map(([t, n]) => `${t} ${n}`).join(", ") || "none"}`,
  ];
  const skipped = sbom.ledger.flatMap((l) => l.skipped.map((s) => `${l.cataloger}: ${s.file}: ${s.reason}`));
  if (skipped.length) lines.push(c.yellow(`${skipped.length} files skipped (see --format json ledger)`));
  return `${lines.join("\n")}\n`;
}
