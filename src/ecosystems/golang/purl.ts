import { PackageURL } from "packageurl-js";
import type { PackageDraft } from "../../catalog/cataloger.js";

/**
 * `pkg:golang/<module path>@<version>`: the module path splits at its last `/` into
 * namespace and name, case kept (Go module paths are case-sensitive; the proxy escapes
 * capitals, the purl does not); `stdlib` has no namespace.
 */
export function buildGolangPurl(pkg: PackageDraft): string {
  const slash = pkg.name.lastIndexOf("/");
  const namespace = slash === -1 ? undefined : pkg.name.slice(0, slash);
  const name = slash === -1 ? pkg.name : pkg.name.slice(slash + 1);
  return new PackageURL("golang", namespace, name, pkg.version, undefined, undefined).toString();
}
