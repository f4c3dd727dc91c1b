import type { Distro, Package, Sbom } from "../../src/model/index.js";

let n = 0;

/** A package as a cataloger would record it (only what matching reads is required). */
export function pkg(p: Pick<Package, "name" | "version" | "type"> & Partial<Package>): Package {
  n++;
  return {
    id: p.id ?? `pkg-${n}`,
    purl: p.purl ?? `pkg:${p.type}/${encodeURIComponent(p.name)}@${encodeURIComponent(p.version)}`,
    locations: p.locations ?? [{ path: `/fixture/${p.name}`, layer: "sha256:0" }],
    foundBy: p.foundBy ?? "fixture",
    licenses: p.licenses ?? [],
    ...p,
  };
}

/** An SBOM of the given packages on the given distro release. */
export function sbomOf(packages: Package[], distro?: Distro): Sbom {
  return {
    schemaVersion: "test",
    target: { input: "fixture" },
    ...(distro ? { distro } : {}),
    layers: [],
    packages,
    ledger: [],
    diagnostics: [],
    generator: { name: "test", version: "0" },
    created: "2024-01-01T00:00:00Z",
  };
}
