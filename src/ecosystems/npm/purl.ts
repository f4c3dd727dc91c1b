import { PurlComponent } from "packageurl-js";
import type { PackageDraft } from "../../catalog/cataloger.js";

/**
 * `pkg:npm/[%40scope/]name@version`: the scope is the namespace, its `@` percent-encoded.
 * Case is kept: npm names are case-sensitive (legacy `JSONStream` is not `jsonstream`), as the
 * purl spec's npm type definition now says (purl-spec #872). packageurl-js 2.0.1 still
 * lower-cases npm names, so the string is assembled from its component encoders instead.
 * An empty version is left out.
 */
export function buildNpmPurl(pkg: PackageDraft): string {
  const slash = pkg.name.startsWith("@") ? pkg.name.indexOf("/") : -1;
  const namespace = slash > 0 ? `${PurlComponent.namespace.encode(pkg.name.slice(0, slash))}/` : "";
  const name = PurlComponent.name.encode(slash > 0 ? pkg.name.slice(slash + 1) : pkg.name);
  const version = pkg.version ? `@${PurlComponent.version.encode(pkg.version)}` : "";
  return `pkg:npm/${namespace}${name}${version}`;
}

/** npm names as advisory feeds key them (lower case). */
export function normaliseNpmName(name: string): string {
  return name.trim().toLowerCase();
}
