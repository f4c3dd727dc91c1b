import { PackageURL } from "packageurl-js";
import type { Package } from "../../src/model/index.js";

/** An expected package as the conformance vectors and truth files state it. */
export interface ExpectedPackage {
  name: string;
  version: string;
  type: string;
  purl?: string;
  source?: { name?: string; version?: string };
}

/** purls are equal when type, namespace, name, version and the expected qualifiers agree. */
export function samePurl(actual: string, expected: string): boolean {
  try {
    const a = PackageURL.fromString(actual);
    const e = PackageURL.fromString(expected);
    if (a.type !== e.type || (a.namespace ?? "") !== (e.namespace ?? "") || a.name !== e.name) return false;
    if ((a.version ?? "") !== (e.version ?? "")) return false;
    for (const [k, v] of Object.entries(e.qualifiers ?? {})) if (a.qualifiers?.[k] !== v) return false;
    return true;
  } catch {
    return actual === expected;
  }
}

/** Peers name Maven packages `groupId:artifactId`; drydock names them by artifactId with the group in metadata. */
export function nameMatches(p: Package, expectedName: string): boolean {
  if (p.name === expectedName) return true;
  // PEP 503: Python project names compare case-insensitively, with runs of -_. as one.
  if (p.type === "pypi") return pep503(p.name) === pep503(expectedName);
  const group = p.metadata?.groupId;
  return typeof group === "string" && `${group}:${p.name}` === expectedName;
}

export function findPackage(packages: Package[], e: ExpectedPackage): Package | undefined {
  return packages.find(
    (p) =>
      p.type === e.type &&
      nameMatches(p, e.name) &&
      p.version === e.version &&
      (e.purl === undefined || samePurl(p.purl, e.purl)),
  );
}

function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}
