import { PackageURL } from "packageurl-js";
import type { PackageDraft } from "../../catalog/cataloger.js";

/** `pkg:nuget/Name@version`, the name as the package declares it (purl spec: case kept). */
export function buildNugetPurl(pkg: PackageDraft): string {
  return new PackageURL(
    "nuget",
    undefined,
    pkg.name,
    pkg.version || undefined,
    undefined,
    undefined,
  ).toString();
}

/** NuGet ids are case-insensitive; feeds are matched on the lower-cased id. */
export function normaliseNugetName(name: string): string {
  return name.trim().toLowerCase();
}
