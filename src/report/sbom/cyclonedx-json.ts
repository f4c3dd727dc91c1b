import { createHash } from "node:crypto";
import type * as Models from "@cyclonedx/cyclonedx-library/Models";
import type { Package, Sbom } from "../../model/index.js";
import { type CycloneDxLibrary, cycloneDx } from "./cyclonedx-library.js";
import { isSpdxExpression, isSpdxId } from "./licenses.js";
import { sbomProperty } from "./properties.js";

/**
 * CycloneDX 1.6 JSON of an SBOM, built with the CycloneDX library's models and serializer.
 * The image is the metadata component; every package a component with its purl, licenses,
 * and drydock properties (type, source package, locations with layer diffIDs, owner) that
 * let `sbom:FILE` read the document back without loss.
 */
export function buildCycloneDxBom(sbom: Sbom): Models.Bom {
  const cdx = cycloneDx();
  const { Enums, Models } = cdx;
  const bom = new Models.Bom();
  bom.serialNumber = `urn:uuid:${deterministicUuid(sbom)}`;
  bom.metadata.timestamp = new Date(sbom.created);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, sbom.generator.name, {
      version: sbom.generator.version,
    }),
  );
  const image = new Models.Component(Enums.ComponentType.Container, sbom.target.ref ?? sbom.target.input, {
    bomRef: "image",
    ...(sbom.target.digest ? { version: sbom.target.digest } : {}),
  });
  image.properties.add(new Models.Property(sbomProperty.targetJson, JSON.stringify(sbom.target)));
  if (sbom.distro)
    image.properties.add(new Models.Property(sbomProperty.distroJson, JSON.stringify(sbom.distro)));
  image.properties.add(new Models.Property(sbomProperty.layersJson, JSON.stringify(sbom.layers)));
  bom.metadata.component = image;
  if (sbom.distro) {
    const os = new Models.Component(Enums.ComponentType.OperatingSystem, sbom.distro.id, {
      bomRef: "distro",
      ...(sbom.distro.versionId ? { version: sbom.distro.versionId } : {}),
    });
    bom.components.add(os);
  }
  for (const p of sbom.packages) bom.components.add(toComponent(cdx, p));
  return bom;
}

export function formatCycloneDxJson(sbom: Sbom): string {
  const { Serialize, Spec } = cycloneDx();
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return serializer.serialize(buildCycloneDxBom(sbom), { sortLists: true, space: 2 });
}

function toComponent(cdx: CycloneDxLibrary, p: Package): Models.Component {
  const { Enums, Models } = cdx;
  const c = new Models.Component(Enums.ComponentType.Library, p.name, {
    bomRef: p.id,
    version: p.version,
    purl: p.purl,
  });
  for (const l of p.licenses) c.licenses.add(toLicense(cdx, l));
  const props: [string, string][] = [
    [sbomProperty.packageId, p.id],
    [sbomProperty.type, p.type],
    [sbomProperty.foundBy, p.foundBy],
  ];
  if (p.source) {
    props.push([sbomProperty.sourceName, p.source.name]);
    if (p.source.version) props.push([sbomProperty.sourceVersion, p.source.version]);
  }
  if (p.distro) props.push([sbomProperty.distro, p.distro]);
  if (p.ownedBy) props.push([sbomProperty.ownedBy, JSON.stringify(p.ownedBy)]);
  if (p.confidence) props.push([sbomProperty.confidence, p.confidence]);
  if (p.metadata && Object.keys(p.metadata).length)
    props.push([sbomProperty.metadata, JSON.stringify(p.metadata)]);
  p.locations.forEach((loc, i) => {
    props.push([sbomProperty.locationPath(i), loc.path], [sbomProperty.locationLayer(i), loc.layer]);
  });
  for (const [name, value] of props) c.properties.add(new Models.Property(name, value));
  return c;
}

function toLicense({ Models }: CycloneDxLibrary, raw: string): Models.License {
  if (isSpdxId(raw)) return new Models.SpdxLicense(raw as never);
  if (isSpdxExpression(raw)) return new Models.LicenseExpression(raw);
  return new Models.NamedLicense(raw);
}

/** A UUID derived from the SBOM's identity, so the same image gives the same serial number. */
function deterministicUuid(sbom: Sbom): string {
  // Not a random v4: a name-based id from the target and creation time keeps golden files stable.
  const hex = createHash("sha256")
    .update(`${sbom.target.digest ?? sbom.target.input}\0${sbom.created}`)
    .digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${((Number.parseInt(hex[16]!, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
