import { type Finding, type Severity, severityFromScore } from "../../model/index.js";

/** A score inside each qualitative band, for findings whose source gave a word but no score. */
const bandScore: Partial<Record<Severity, number>> = {
  critical: 9.5,
  high: 8.0,
  medium: 5.5,
  low: 2.0,
  negligible: 0.0,
};

/**
 * The numeric severity (0.0–10.0) that agrees with a finding's chosen severity: the score of
 * the rating the severity came from, else the highest score in the same qualitative band,
 * else a score inside that band. Undefined when the severity is unknown. GitHub code scanning
 * reads it from `properties.security-severity` to rank alerts.
 */
export function securitySeverity(f: Finding): number | undefined {
  const v = f.vulnerability;
  if (v.severity === "unknown") return undefined;
  const scored = v.cvss.filter((r): r is typeof r & { score: number } => typeof r.score === "number");
  const own = scored.find((r) => r.source === v.severitySource && severityFromScore(r.score) === v.severity);
  if (own) return own.score;
  const sameBand = scored.filter((r) => severityFromScore(r.score) === v.severity).map((r) => r.score);
  if (sameBand.length > 0) return Math.max(...sameBand);
  return bandScore[v.severity];
}
