import type { Package, Sbom } from "../../model/index.js";

/** drydock's own SBOM JSON document as text (`--format json`). */
export function formatSbomJson(sbom: Sbom): string {
  return `${JSON.stringify(toSbomJson(sbom), null, 2)}\n`;
}

/**
 * drydock's own SBOM JSON (the `packages` part of the DESIGN.md section 4 contract), with the
 * image's layers, the coverage ledger and diagnostics. Key order is fixed so output diffs.
 */
export function toSbomJson(sbom: Sbom): object {
  return {
    schemaVersion: sbom.schemaVersion,
    generator: sbom.generator,
    created: sbom.created,
    target: sbom.target,
    ...(sbom.distro ? { distro: sbom.distro } : {}),
    layers: sbom.layers,
    packages: sbom.packages.map(packageJson),
    ledger: sbom.ledger,
    ...(sbom.stats ? { stats: sbom.stats } : {}),
    diagnostics: sbom.diagnostics,
  };
}

function packageJson(p: Package): object {
  return {
    id: p.id,
    name: p.name,
    version: p.version,
    type: p.type,
    purl: p.purl,
    ...(p.source ? { source: p.source } : {}),
    ...(p.distro ? { distro: p.distro } : {}),
    locations: p.locations,
    licenses: p.licenses,
    foundBy: p.foundBy,
    ...(p.ownedBy ? { ownedBy: p.ownedBy } : {}),
    ...(p.confidence ? { confidence: p.confidence } : {}),
    ...(p.cpes?.length ? { cpes: p.cpes } : {}),
    ...(p.metadata && Object.keys(p.metadata).length ? { metadata: p.metadata } : {}),
  };
}
