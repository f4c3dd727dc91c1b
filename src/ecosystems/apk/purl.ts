import { PackageURL } from "packageurl-js";
import type { PackageDraft } from "../../catalog/cataloger.js";
import { purlDistroQualifier } from "../../catalog/distro/index.js";
import type { Distro } from "../../model/index.js";

/**
 * `pkg:apk/<distro id>/<name>@<version>?arch=..&distro=<id>-<VERSION_ID>&upstream=<origin>`
 * (`upstream` only when the origin differs from the name, as Syft writes it).
 */
export function buildApkPurl(pkg: PackageDraft, distro: Distro | undefined): string {
  const qualifiers: Record<string, string> = {};
  const arch = pkg.metadata?.arch;
  if (typeof arch === "string") qualifiers.arch = arch;
  if (distro) qualifiers.distro = purlDistroQualifier(distro);
  if (pkg.source && pkg.source.name !== pkg.name) qualifiers.upstream = pkg.source.name;
  return new PackageURL("apk", distro?.id, pkg.name, pkg.version, qualifiers, undefined).toString();
}
