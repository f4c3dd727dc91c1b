import { createEcosystemMatcher } from "../../match/index.js";
import type { Package } from "../../model/index.js";

/**
 * Maven artifacts, searched as `groupId:artifactId` the way OSV and GHSA key them: from
 * the archive's pom.properties (metadata), else from the purl (whose namespace the
 * cataloger filled from the manifest or the file name), else the package name.
 */
export const mavenMatcher = createEcosystemMatcher({
  name: "java-matcher",
  ecosystem: "maven",
  namesOf: (pkg) => [mavenCoordinates(pkg)],
});

export function mavenCoordinates(pkg: Package): string {
  const group = pkg.metadata?.groupId;
  const artifact = pkg.metadata?.artifactId;
  if (typeof group === "string" && group && typeof artifact === "string" && artifact)
    return `${group}:${artifact}`;
  const m = /^pkg:maven\/([^/@?#]+)\/([^/@?#]+)@/.exec(pkg.purl);
  if (m?.[1] && m[2]) return `${decodeURIComponent(m[1])}:${decodeURIComponent(m[2])}`;
  return pkg.name;
}
