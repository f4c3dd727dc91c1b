import { PackageURL } from "packageurl-js";
import type { PackageDraft } from "../../catalog/cataloger.js";

/** `pkg:cargo/name@version` (crate names are kept as published: crates.io is case-sensitive in purls). */
export function buildCargoPurl(pkg: PackageDraft): string {
  return new PackageURL(
    "cargo",
    undefined,
    pkg.name,
    pkg.version || undefined,
    undefined,
    undefined,
  ).toString();
}
