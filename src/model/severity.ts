/** Qualitative severity, ordered. `unknown` sorts lowest. */
export const severities = ["unknown", "negligible", "low", "medium", "high", "critical"] as const;
export type Severity = (typeof severities)[number];

export function severityRank(s: Severity): number {
  return severities.indexOf(s);
}

/** Maps a CVSS base score to its qualitative rating (CVSS v3/v4 bands). */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return "critical";
  if (score >= 7) return "high";
  if (score >= 4) return "medium";
  if (score > 0) return "low";
  return "negligible";
}

/** Normalises a vendor's severity word (`Important`, `MODERATE`, `unimportant`) to ours. */
export function normaliseSeverity(raw: string | undefined | null): Severity {
  const s = (raw ?? "").trim().toLowerCase();
  switch (s) {
    case "critical":
      return "critical";
    case "high":
    case "important":
      return "high";
    case "medium":
    case "moderate":
      return "medium";
    case "low":
      return "low";
    case "negligible":
    case "unimportant":
    case "none":
      return "negligible";
    default:
      return "unknown";
  }
}

/** One source's rating of a vulnerability. */
export interface SeverityRating {
  /** Provider id that gave it (`nvd`, `debian-oval`, `ghsa`, ...). */
  source: string;
  severity: Severity;
  /** CVSS vector string, when the source gave one. */
  vector?: string;
  /** `2.0`, `3.0`, `3.1`, `4.0`. */
  cvssVersion?: string;
  score?: number;
}
