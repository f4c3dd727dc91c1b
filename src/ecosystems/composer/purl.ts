import { PackageURL } from "packageurl-js";
import type { PackageDraft } from "../../catalog/cataloger.js";

/** `pkg:composer/vendor/name@version`: the vendor is the namespace (purl spec: both lower case). */
export function buildComposerPurl(pkg: PackageDraft): string {
  const slash = pkg.name.indexOf("/");
  const namespace = slash > 0 ? pkg.name.slice(0, slash).toLowerCase() : undefined;
  const name = (slash > 0 ? pkg.name.slice(slash + 1) : pkg.name).toLowerCase();
  return new PackageURL(
    "composer",
    namespace,
    name,
    pkg.version || undefined,
    undefined,
    undefined,
  ).toString();
}

/** Packagist names are case-insensitive (stored lower case). */
export function normaliseComposerName(name: string): string {
  return name.trim().toLowerCase();
}
