import { PackageURL } from "packageurl-js";
import type { PackageDraft } from "../../catalog/cataloger.js";

/**
 * `pkg:pypi/name@version`: packageurl-js lower-cases the name and turns `_` into `-`, as the
 * purl spec's pypi type requires. A `vcs_url` hint (from a wheel's direct_url.json) becomes
 * the `vcs_url` qualifier.
 */
export function buildPypiPurl(pkg: PackageDraft): string {
  const vcsUrl = pkg.purlHints?.vcs_url;
  const qualifiers = vcsUrl ? { vcs_url: vcsUrl } : undefined;
  return new PackageURL(
    "pypi",
    undefined,
    pkg.name,
    pkg.version || undefined,
    qualifiers,
    undefined,
  ).toString();
}
