import { PackageURL } from "packageurl-js";
import type { PackageDraft } from "../../catalog/cataloger.js";

/** `pkg:gem/name@version`, with `?platform=` for a native gem (purl spec: `ruby` is the default and left out). */
export function buildGemPurl(pkg: PackageDraft): string {
  const platform = pkg.purlHints?.platform;
  const qualifiers = platform && platform !== "ruby" ? { platform } : undefined;
  return new PackageURL(
    "gem",
    undefined,
    pkg.name,
    pkg.version || undefined,
    qualifiers,
    undefined,
  ).toString();
}
