import { PackageURL } from "packageurl-js";
import type { TargetInfo } from "../../model/index.js";
import { schemeForType } from "../../model/index.js";
import { compareVersions } from "../../versioning/index.js";

/**
 * A purl used as a pattern: the fields it gives must match, the ones it leaves out match
 * anything. A purl without a version matches every version; a version is compared with the
 * package type's version scheme (so `1.26.12` and `1.26.12.0` are equal for PyPI). Qualifiers
 * and subpath are ignored unless the pattern gives them, then each given one must be equal.
 * For OS package types (deb, rpm, apk) the namespace is a vendor label, and a pattern without
 * one matches any vendor; for other types the namespace is part of the name (`@types/node`).
 */
export interface PurlPattern {
  type: string;
  namespace?: string;
  name: string;
  version?: string;
  qualifiers: Record<string, string>;
  subpath?: string;
}

const vendorNamespaceTypes = new Set(["deb", "rpm", "apk"]);

/** Parses a purl text into a pattern; undefined when it is not a valid purl. */
export function parsePurlPattern(text: string): PurlPattern | undefined {
  let p: PackageURL;
  try {
    p = PackageURL.fromString(text.trim());
  } catch {
    return undefined;
  }
  return {
    type: p.type.toLowerCase(),
    name: p.name,
    qualifiers: { ...(p.qualifiers ?? {}) },
    ...(p.namespace ? { namespace: p.namespace } : {}),
    ...(p.version ? { version: p.version } : {}),
    ...(p.subpath ? { subpath: p.subpath } : {}),
  };
}

/** True when the package purl `purl` is covered by `pattern`. An unparsable purl never matches. */
export function matchesPurl(pattern: PurlPattern, purl: string): boolean {
  const actual = parsePurlPattern(purl);
  if (!actual || actual.type !== pattern.type || actual.name !== pattern.name) return false;
  if (pattern.namespace !== undefined) {
    if ((actual.namespace ?? "").toLowerCase() !== pattern.namespace.toLowerCase()) return false;
  } else if (actual.namespace !== undefined && !vendorNamespaceTypes.has(pattern.type)) {
    return false;
  }
  if (pattern.version !== undefined) {
    if (actual.version === undefined || !sameVersion(pattern.type, pattern.version, actual.version))
      return false;
  }
  for (const [key, value] of Object.entries(pattern.qualifiers)) {
    if (actual.qualifiers[key] !== value) return false;
  }
  return pattern.subpath === undefined || pattern.subpath === actual.subpath;
}

/** Version equality under the type's scheme; plain text equality for types without one. */
export function sameVersion(type: string, a: string, b: string): boolean {
  if (a === b) return true;
  const scheme = schemeForType(type);
  return scheme !== undefined && compareVersions(scheme, a, b) === 0;
}

/**
 * True when an OCI purl (`pkg:oci/name@sha256:...?repository_url=...`) names the scanned
 * image: its name is the last path segment of the image repository, its version (when given)
 * the manifest or config digest, its `repository_url` (when given) the repository.
 */
export function matchesImage(pattern: PurlPattern, target: TargetInfo | undefined): boolean {
  if (pattern.type !== "oci" || !target) return false;
  const repository = target.ref ? repositoryOf(target.ref) : undefined;
  if (!repository && !pattern.version) return false;
  if (repository && pattern.name.toLowerCase() !== repository.split("/").at(-1)!.toLowerCase()) return false;
  if (pattern.version && pattern.version !== target.digest && pattern.version !== target.configDigest) {
    return false;
  }
  const wantedRepo = pattern.qualifiers.repository_url;
  if (wantedRepo !== undefined && (!repository || !sameRepository(wantedRepo, repository))) return false;
  return true;
}

/** `registry/path/name` of an image reference, without tag or digest. */
function repositoryOf(ref: string): string {
  const noDigest = ref.split("@")[0]!;
  const lastSlash = noDigest.lastIndexOf("/");
  const colon = noDigest.lastIndexOf(":");
  return colon > lastSlash ? noDigest.slice(0, colon) : noDigest;
}

function sameRepository(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .replace(/^[a-z]+:\/\//i, "")
      .replace(/\/+$/, "")
      .toLowerCase();
  const [x, y] = [norm(a), norm(b)];
  // Docker Hub names appear with and without their registry and `library/` prefix.
  const strip = (s: string) =>
    s.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, "").replace(/^library\//, "");
  return x === y || strip(x) === strip(y);
}
