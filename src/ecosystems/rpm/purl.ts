import { PackageURL } from "packageurl-js";
import type { PackageDraft } from "../../catalog/cataloger.js";
import { purlDistroQualifier } from "../../catalog/distro/index.js";
import type { Distro } from "../../model/index.js";

/**
 * `pkg:rpm/<distro id>/<name>@<version>-<release>?arch=..&distro=..&epoch=..&upstream=<SRPM>`
 * (purl-spec rpm type: the epoch is a qualifier, not part of the version). Without a
 * distro there is no namespace.
 */
export function buildRpmPurl(pkg: PackageDraft, distro: Distro | undefined): string {
  const meta = pkg.metadata ?? {};
  const qualifiers: Record<string, string> = {};
  if (typeof meta.arch === "string") qualifiers.arch = meta.arch;
  if (typeof meta.epoch === "number") qualifiers.epoch = String(meta.epoch);
  if (distro) qualifiers.distro = purlDistroQualifier(distro);
  if (typeof meta.sourceRpm === "string") qualifiers.upstream = meta.sourceRpm;
  const version = pkg.version.replace(/^\d+:/, "");
  return new PackageURL("rpm", distro?.id, pkg.name, version, qualifiers, undefined).toString();
}
