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
  const matched = new Set(finding.evidence.map((e) => e.found.provider));
  const known = finding.vulnerability.cvss.filter((r) => r.severity !== "unknown");
  const tiers: SeverityRating[][] = [
    known.filter((r) => matched.has(r.source)),
    known.filter((r) => r.source === "nvd"),
    known.filter((r) => !matched.has(r.source) && r.source !== "nvd"),
  ];
  for (const tier of tiers) {
    const best = pickWithinTier(tier);
    if (best) return { severity: best.severity, source: best.source };
  }
  return { severity: "unknown" };
}

function pickWithinTier(ratings: SeverityRating[]): SeverityRating | undefined {
  const words = ratings.filter((r) => r.vector === undefined);
  if (words.length > 0) return highest(words);
  for (const version of cvssOrder) {
    const same = ratings.filter((r) => r.cvssVersion === version);
    if (same.length > 0) return highest(same);
  }
  return highest(ratings);
}

function highest(ratings: SeverityRating[]): SeverityRating | undefined {
  return [...ratings].sort(
    (a, b) => severityRank(b.severity) - severityRank(a.severity) || (b.score ?? 0) - (a.score ?? 0),
  )[0];
}
