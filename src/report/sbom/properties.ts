/**
 * Property names drydock writes into CycloneDX and SPDX documents so that its own SBOMs
 * read back without loss (`sbom:FILE` targets). Namespaced as the CycloneDX property
 * taxonomy asks.
 */
export const sbomProperty = {
  packageId: "drydock:package:id",
  type: "drydock:package:type",
  foundBy: "drydock:package:foundBy",
  sourceName: "drydock:package:source:name",
  sourceVersion: "drydock:package:source:version",
  distro: "drydock:package:distro",
  ownedBy: "drydock:package:ownedBy",
  confidence: "drydock:package:confidence",
  metadata: "drydock:package:metadata",
  locationPath: (i: number) => `drydock:location:${i}:path`,
  locationLayer: (i: number) => `drydock:location:${i}:layer`,
  distroJson: "drydock:image:distro",
  layersJson: "drydock:image:layers",
  targetJson: "drydock:image:target",
} as const;
