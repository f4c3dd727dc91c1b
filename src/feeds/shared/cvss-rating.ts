import cvss from "ae-cvss-calculator";
import {
  normaliseSeverity,
  type Severity,
  type SeverityRating,
  severityFromScore,
} from "../../model/index.js";

const scored = new Map<string, { version: string; score: number | undefined } | null>();

/**
 * Scores a CVSS vector (v2, v3.0, v3.1, v4.0) with ae-cvss-calculator and rates it. Unknown
 * or incomplete vectors still give a rating: from `fallback` (the score or severity word the
 * source printed) or `unknown`. Scores are memoised per vector: feeds repeat them a lot.
 */
export function rateCvss(
  vector: string,
  source: string,
  fallback: { score?: number; severity?: string } = {},
): SeverityRating {
  const v = vector.trim();
  const parsed = scoreVector(v);
  const score = parsed?.score ?? (Number.isFinite(fallback.score) ? fallback.score : undefined);
  const version = parsed?.version ?? versionOf(v);
  const rating: SeverityRating = { source, severity: ratingOf(version, score, fallback.severity), vector: v };
  if (version) rating.cvssVersion = version;
  if (score !== undefined) rating.score = score;
  return rating;
}

/** Rates a score in its version's bands: v2 has no "critical" (7.0–10 is high). */
export function severityForScore(version: string | undefined, score: number): Severity {
  if (version === "2.0")
    return score >= 7 ? "high" : score >= 4 ? "medium" : score > 0 ? "low" : "negligible";
  return severityFromScore(score);
}

function ratingOf(
  version: string | undefined,
  score: number | undefined,
  word: string | undefined,
): Severity {
  if (score !== undefined) return severityForScore(version, score);
  return normaliseSeverity(word);
}

function scoreVector(v: string): { version: string; score: number | undefined } | null {
  const hit = scored.get(v);
  if (hit !== undefined) return hit;
  let result: { version: string; score: number | undefined } | null = null;
  try {
    const parsed = cvss.fromVector(v);
    if (parsed) {
      const version = parsed.getVectorName().replace(/^CVSS:/, "");
      const scores = parsed.calculateScores() as { base?: number };
      const base = typeof scores.base === "number" && Number.isFinite(scores.base) ? scores.base : undefined;
      result = { version, score: base };
    }
  } catch {
    result = null;
  }
  if (scored.size > 50_000) scored.clear();
  scored.set(v, result);
  return result;
}

function versionOf(v: string): string | undefined {
  const m = /^CVSS:(\d\.\d)\//.exec(v);
  if (m) return m[1];
  return /(^|\/)Au:[MSN]/.test(v) ? "2.0" : undefined;
}
