import { PackageURL } from "packageurl-js";
import { ecosystemTypes, type PackageType } from "../../model/index.js";

const knownTypes = new Set<PackageType>(ecosystemTypes);

export interface PurlFacts {
  type: PackageType;
  name: string;
  version?: string;
  namespace?: string;
  qualifiers: Record<string, string>;
}

/**
 * Reads a package URL from a foreign SBOM. Names are rebuilt the way drydock's catalogers
 * name packages (maven `group:artifact`? no: artifactId, with groupId kept; npm `@scope/name`;
 * golang the full module path). Undefined when the string is not a purl.
 */
export function parsePurl(raw: string | undefined): PurlFacts | undefined {
  if (!raw) return undefined;
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(raw);
  } catch {
    return undefined;
  }
  const type = (knownTypes.has(purl.type as PackageType) ? purl.type : "generic") as PackageType;
  const ns = purl.namespace ?? undefined;
  let name = purl.name;
  if (type === "npm" && ns) name = `${ns}/${purl.name}`;
  if (type === "golang" && ns) name = `${ns}/${purl.name}`;
  if (type === "composer" && ns) name = `${ns}/${purl.name}`;
  const qualifiers: Record<string, string> = {};
  for (const [k, v] of Object.entries(purl.qualifiers ?? {})) if (typeof v === "string") qualifiers[k] = v;
  return {
    type,
    name,
    ...(purl.version ? { version: purl.version } : {}),
    ...(ns ? { namespace: ns } : {}),
    qualifiers,
  };
}
