import { PackageURL } from "packageurl-js";
import type { PackageDraft } from "../../catalog/cataloger.js";
import { purlDistroQualifier } from "../../catalog/distro/index.js";
import type { Distro } from "../../model/index.js";

/**
 * `pkg:deb/<distro id>/<name>@<version>?arch=..&distro=<id>-<VERSION_ID>&upstream=..`.
 * The version keeps its epoch (dpkg's own form). `upstream` names the source package when
 * it differs from the binary, with `@<version>` when the source version differs too (as
 * Syft writes it). Without a distro there is no namespace.
 */
export function buildDebPurl(pkg: PackageDraft, distro: Distro | undefined): string {
  const qualifiers: Record<string, string> = {};
  const arch = pkg.metadata?.arch;
  if (typeof arch === "string") qualifiers.arch = arch;
  if (distro) qualifiers.distro = purlDistroQualifier(distro);
  const source = pkg.source;
  if (source?.version && source.version !== pkg.version)
    qualifiers.upstream = `${source.name}@${source.version}`;
  else if (source && source.name !== pkg.name) qualifiers.upstream = source.name;
  return new PackageURL("deb", distro?.id, pkg.name, pkg.version, qualifiers, undefined).toString();
}
