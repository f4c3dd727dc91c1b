import { type Finding, severityRank } from "../model/index.js";
import { compareNatural } from "./vulnerability-ids.js";

/**
 * The report order: most severe first, then package name, version and id, then the
 * vulnerability id in natural order, so the same scan always prints the same way.
 */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      severityRank(b.vulnerability.severity) - severityRank(a.vulnerability.severity) ||
      compareNatural(a.package.name, b.package.name) ||
      compareNatural(a.package.version, b.package.version) ||
      compareNatural(a.package.id, b.package.id) ||
      compareNatural(a.vulnerability.id, b.vulnerability.id),
  );
}
