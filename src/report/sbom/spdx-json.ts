import { createHash } from "node:crypto";
import type { Package, Sbom } from "../../model/index.js";
import { isSpdxExpression } from "./licenses.js";
import { sbomProperty } from "./properties.js";

/**
 * SPDX 2.3 JSON of an SBOM (https://spdx.github.io/spdx-spec/v2.3/). The image is the
 * described package; each package is CONTAINED_BY it, with its purl as a PACKAGE-MANAGER
 * external reference and drydock's own facts in an annotation that `sbom:FILE` reads back.
 */
export function formatSpdxJson(sbom: Sbom): string {
  return `${JSON.stringify(buildSpdxDocument(sbom), null, 2)}\n`;
}

export function buildSpdxDocument(sbom: Sbom): object {
  const name = sbom.target.ref ?? sbom.target.input;
  const imageId = "SPDXRef-Image";
  const packages: object[] = [
    {
      SPDXID: imageId,
      name,
      ...(sbom.target.digest ? { versionInfo: sbom.target.digest } : {}),
      downloadLocation: "NOASSERTION",
      filesAnalyzed: false,
      primaryPackagePurpose: "CONTAINER",
      licenseConcluded: "NOASSERTION",
      licenseDeclared: "NOASSERTION",
      copyrightText: "NOASSERTION",
      annotations: [
        annotation(sbom, {
          [sbomProperty.targetJson]: sbom.target,
          ...(sbom.distro ? { [sbomProperty.distroJson]: sbom.distro } : {}),
          [sbomProperty.layersJson]: sbom.layers,
        }),
      ],
    },
  ];
  const relationships: object[] = [
    { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: imageId },
  ];
  for (const p of sbom.packages) {
    const id = `SPDXRef-Package-${p.type}-${sanitize(p.name)}-${p.id}`;
    packages.push(toSpdxPackage(p, id, sbom));
    relationships.push({ spdxElementId: id, relationshipType: "CONTAINED_BY", relatedSpdxElement: imageId });
  }
  return {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name,
    documentNamespace: `https://drydock.dev/spdx/${sanitize(name)}-${namespaceHash(sbom)}`,
    creationInfo: {
      created: sbom.created.replace(/\.\d+Z$/, "Z"),
      creators: [`Tool: ${sbom.generator.name}-${sbom.generator.version}`],
    },
    documentDescribes: [imageId],
    packages,
    relationships,
  };
}

function toSpdxPackage(p: Package, id: string, sbom: Sbom): object {
  const declared = spdxLicense(p.licenses);
  return {
    SPDXID: id,
    name: p.name,
    versionInfo: p.version,
    downloadLocation: "NOASSERTION",
    filesAnalyzed: false,
    ...(p.source
      ? { sourceInfo: `built from ${p.source.name}${p.source.version ? ` ${p.source.version}` : ""}` }
      : {}),
    licenseConcluded: "NOASSERTION",
    licenseDeclared: declared,
    copyrightText: "NOASSERTION",
    externalRefs: [
      { referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: p.purl },
      ...(p.cpes ?? []).map((cpe) => ({
        referenceCategory: "SECURITY",
        referenceType: "cpe23Type",
        referenceLocator: cpe,
      })),
    ],
    annotations: [
      annotation(sbom, {
        [sbomProperty.packageId]: p.id,
        [sbomProperty.type]: p.type,
        [sbomProperty.foundBy]: p.foundBy,
        ...(p.source ? { source: p.source } : {}),
        ...(p.distro ? { [sbomProperty.distro]: p.distro } : {}),
        ...(p.ownedBy ? { [sbomProperty.ownedBy]: p.ownedBy } : {}),
        ...(p.confidence ? { [sbomProperty.confidence]: p.confidence } : {}),
        licenses: p.licenses,
        locations: p.locations,
        ...(p.metadata && Object.keys(p.metadata).length ? { [sbomProperty.metadata]: p.metadata } : {}),
      }),
    ],
  };
}

/** drydock's facts as one machine-readable annotation (SPDX 2.3 has no free properties). */
function annotation(sbom: Sbom, facts: Record<string, unknown>): object {
  return {
    annotationDate: sbom.created.replace(/\.\d+Z$/, "Z"),
    annotationType: "OTHER",
    annotator: `Tool: ${sbom.generator.name}-${sbom.generator.version}`,
    comment: `drydock:${JSON.stringify(facts)}`,
  };
}

function spdxLicense(licenses: string[]): string {
  const valid = licenses.filter(isSpdxExpression);
  if (valid.length === 0) return licenses.length ? "NOASSERTION" : "NONE";
  if (valid.length === 1) return valid[0]!;
  return valid.map((l) => (/\s/.test(l) ? `(${l})` : l)).join(" AND ");
}

/** SPDX ids allow letters, digits, `.` and `-` only. */
function sanitize(s: string): string {
  return s.replace(/[^A-Za-z0-9.-]+/g, "-").slice(0, 100);
}

function namespaceHash(sbom: Sbom): string {
  return createHash("sha256")
    .update(`${sbom.target.digest ?? sbom.target.input}\0${sbom.created}`)
    .digest("hex")
    .slice(0, 16);
}
