import type { Distro, FileRef, Package, Sbom, TargetInfo } from "../../model/index.js";

/** What a foreign-document reader returns before the common Sbom is assembled. */
export interface ForeignSbom {
  format: string;
  tool?: string;
  target: Partial<TargetInfo>;
  distro?: Distro;
  layers?: Sbom["layers"];
  packages: Package[];
  skipped: { name: string; reason: string }[];
}

/** Placeholder layer for package locations whose layer a foreign SBOM does not name. */
export const unknownLayer = `sha256:${"0".repeat(64)}` as const;

/** A package location from a foreign SBOM's path and (optional) layer digest. */
export function location(path: string | undefined, layer: string | undefined): FileRef[] {
  if (!path) return [];
  return [
    { path: path.startsWith("/") ? path : `/${path}`, layer: (layer as FileRef["layer"]) ?? unknownLayer },
  ];
}
