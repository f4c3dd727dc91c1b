import { PackageURL } from "packageurl-js";
import type { PackageDraft } from "../../catalog/cataloger.js";

/**
 * `pkg:maven/<groupId>/<artifactId>@<version>`. The groupId comes from `purlHints.groupId`
 * or a `groupId:artifactId` name. An archive identified only by its manifest or file name
 * has no known groupId; the purl spec requires a namespace for maven, so the artifactId
 * stands in for it — Maven's own convention for old artifacts (`log4j:log4j`,
 * `commons-io:commons-io`), and `metadata.groupId` stays absent to show it was not stated.
 */
export function buildMavenPurl(pkg: PackageDraft): string {
  const colon = pkg.name.indexOf(":");
  const artifactId = colon === -1 ? pkg.name : pkg.name.slice(colon + 1);
  const groupId = pkg.purlHints?.groupId ?? (colon === -1 ? artifactId : pkg.name.slice(0, colon));
  return new PackageURL("maven", groupId, artifactId, pkg.version, undefined, undefined).toString();
}
