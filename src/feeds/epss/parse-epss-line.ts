import type { EpssScore } from "../../model/index.js";

/** What one line of an EPSS file is. */
export type EpssLine =
  | { kind: "score"; score: EpssScore }
  | { kind: "model"; date?: string }
  | { kind: "header" }
  | { kind: "blank" }
  | { kind: "invalid"; reason: string };

/**
 * Reads one line of either EPSS layout: FIRST's bulk CSV (`#model_version:…,score_date:…`,
 * then `cve,epss,percentile`, then rows) or the plain `CVE;score;percentile` files.
 */
export function parseEpssLine(line: string, date: string | undefined): EpssLine {
  const t = line.trim().replace(/^\uFEFF/, "");
  if (t === "") return { kind: "blank" };
  if (t.startsWith("#")) {
    const m = /score_date:(\d{4}-\d{2}-\d{2})/.exec(t);
    return m ? { kind: "model", date: m[1] } : { kind: "model" };
  }
  const fields = t.split(/[;,]/);
  if (fields[0]?.toLowerCase() === "cve") return { kind: "header" };
  if (fields.length < 3)
    return { kind: "invalid", reason: `expected cve, epss, percentile: ${JSON.stringify(t)}` };
  const cve = fields[0]!.trim().toUpperCase();
  if (!/^CVE-\d{4}-\d{4,}$/.test(cve))
    return { kind: "invalid", reason: `${JSON.stringify(fields[0])} is not a CVE id` };
  const epss = Number(fields[1]);
  const percentile = Number(fields[2]);
  if (!(epss >= 0 && epss <= 1) || !(percentile >= 0 && percentile <= 1) || fields[1]!.trim() === "") {
    return { kind: "invalid", reason: `${cve}: score or percentile outside 0..1` };
  }
  const score: EpssScore = { cve, epss, percentile };
  if (date) score.date = date;
  return { kind: "score", score };
}
