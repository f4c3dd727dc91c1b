import { type Finding, type Severity, type SeverityRating, severityRank } from "../model/index.js";

const cvssOrder = ["4.0", "3.1", "3.0", "2.0"];

/**
 * The rating a finding is reported with, by provenance: the matched feeds' own rating (the
 * distro's for OS packages, the ecosystem's for language packages), else NVD's (its own
 * analysis before a CNA's). Within one tier a qualitative vendor rating (`Important`,
 * `unimportant`, GHSA `HIGH`) beats a CVSS-derived one, and a newer CVSS version an older;
 * ties take the higher severity. Every rating stays in `cvss`; this only picks one.
 */
export function chooseSeverity(finding: Finding): { severity: Severity; source?: string } {
  // Runs once per finding of a scan (10^5 for a large SBOM): plain loops, no closures.
  const matched: SeverityRating[] = [];
  const nvd: SeverityRating[] = [];
  const others: SeverityRating[] = [];
  for (const r of finding.vulnerability.cvss) {
    if (r.severity === "unknown") continue;
    if (isMatchedSource(finding, r.source)) matched.push(r);
    else if (r.source === "nvd") nvd.push(r);
    else others.push(r);
  }
  for (const tier of [matched, nvd, others]) {
    const best = pickWithinTier(tier);
    if (best) return { severity: best.severity, source: best.source };
  }
  return { severity: "unknown" };
}

function isMatchedSource(finding: Finding, source: string): boolean {
  for (const e of finding.evidence) if (e.found.provider === source) return true;
  return false;
}

function pickWithinTier(ratings: SeverityRating[]): SeverityRating | undefined {
  if (ratings.length <= 1) return ratings[0];
  const words = highest(ratings, wordRating);
  if (words) return words;
  for (const version of cvssOrder) {
    const best = highest(ratings, version);
    if (best) return best;
  }
  return highest(ratings, undefined);
}

/** Selects ratings without a vector (qualitative words). */
const wordRating = Symbol("word");

/**
 * The highest rating among those selected (`wordRating`: without a vector; a version: of
 * that CVSS version; undefined: all), by severity then score; the first of equals wins.
 */
function highest(
  ratings: SeverityRating[],
  select: typeof wordRating | string | undefined,
): SeverityRating | undefined {
  let best: SeverityRating | undefined;
  for (const r of ratings) {
    if (select === wordRating ? r.vector !== undefined : select !== undefined && r.cvssVersion !== select)
      continue;
    if (
      best === undefined ||
      severityRank(r.severity) - severityRank(best.severity) > 0 ||
      (severityRank(r.severity) === severityRank(best.severity) && (r.score ?? 0) > (best.score ?? 0))
    ) {
      best = r;
    }
  }
  return best;
}
