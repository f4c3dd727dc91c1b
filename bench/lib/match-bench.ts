import { existsSync } from "node:fs";
import { join } from "node:path";
import type { BenchContext } from "./context.js";
import { measure, median } from "./measure.js";
import { type ResultRow, type RunFigures, round, toFigures, toSeries } from "./results.js";

/**
 * What bench/match.ts (the matching stage's own bench) prints as the last line of its
 * stdout: one JSON object. `matchSeconds` is the matching alone (queries + judging), not
 * process start-up or loading the SBOM.
 */
export interface MatchBenchLine {
  packages: number;
  matchSeconds: number;
  findings?: number;
  queries?: number;
  candidates?: number;
  enrichSeconds?: number;
  /** The match time split: store lookups with judging, advisory detail, building findings. */
  phaseSeconds?: { lookUpAndJudge: number; details: number; buildFindings: number };
}

function lastJsonLine(stdout: string): MatchBenchLine | undefined {
  const lines = stdout.trim().split("\n").reverse();
  for (const line of lines) {
    if (!line.trim().startsWith("{")) continue;
    try {
      const doc = JSON.parse(line) as Partial<MatchBenchLine> & { seconds?: number; ms?: number };
      const seconds = doc.matchSeconds ?? doc.seconds ?? (doc.ms === undefined ? undefined : doc.ms / 1000);
      if (typeof doc.packages === "number" && typeof seconds === "number") {
        return { ...doc, packages: doc.packages, matchSeconds: seconds };
      }
    } catch {
      // not the result line
    }
  }
  return undefined;
}

/**
 * Matching alone for 1,000 and 10,000 packages against the DB built from ../shared/vulndata,
 * through bench/match.ts (`node --import tsx bench/match.ts --db FILE --packages N`), `runs`
 * times each. The row's wall time is the matching time the script reports; the process's
 * own wall time and peak RSS are kept in the figures.
 */
export async function benchMatch(ctx: BenchContext): Promise<ResultRow[]> {
  const script = join(ctx.repo, "bench", "match.ts");
  if (!existsSync(script)) {
    ctx.notes.push("matching alone: skipped: bench/match.ts is not there yet");
    return [];
  }
  if (!ctx.db) {
    ctx.notes.push("matching alone: skipped: no advisory DB (db import did not run)");
    return [];
  }
  const rows: ResultRow[] = [];
  for (const packages of [1000, 10000]) {
    const matchRuns: RunFigures[] = [];
    const processRuns: RunFigures[] = [];
    let findings: number | undefined;
    const phases: { lookUpAndJudge: number[]; details: number[]; buildFindings: number[]; enrich: number[] } =
      {
        lookUpAndJudge: [],
        details: [],
        buildFindings: [],
        enrich: [],
      };
    let problem: string | undefined;
    for (let i = 0; i < ctx.runs; i++) {
      ctx.log(`  match ${packages} packages, run ${i + 1}/${ctx.runs}`);
      const m = await measure(
        process.execPath,
        ["--import", "tsx", script, "--db", ctx.db, "--packages", String(packages)],
        { env: { ...process.env, CI: "true" }, cwd: ctx.repo, timeoutSeconds: 600 },
      );
      processRuns.push(toFigures(m));
      const line = m.exitCode === 0 ? lastJsonLine(m.stdout) : undefined;
      if (line === undefined) {
        problem = `bench/match.ts --packages ${packages}: exit ${m.exitCode}, no result line (${m.stderr.trim().slice(-200)})`;
        continue;
      }
      findings = line.findings;
      if (line.phaseSeconds) {
        phases.lookUpAndJudge.push(line.phaseSeconds.lookUpAndJudge);
        phases.details.push(line.phaseSeconds.details);
        phases.buildFindings.push(line.phaseSeconds.buildFindings);
      }
      if (line.enrichSeconds !== undefined) phases.enrich.push(line.enrichSeconds);
      matchRuns.push({ ...toFigures(m), wallSeconds: round(line.matchSeconds, 4) });
    }
    if (problem) ctx.notes.push(`matching alone: ${problem}`);
    const series = toSeries(matchRuns);
    const proc = toSeries(processRuns);
    rows.push({
      section: "match",
      what: `matching alone, ${packages.toLocaleString("en")} packages (match time; RSS of the process)`,
      drydock: series,
      figures: {
        packages,
        processWallMedian: proc.wall.median,
        ...(findings === undefined ? {} : { findings }),
      },
      note: `${findings === undefined ? "" : `${findings} findings; `}${phaseNote(phases)}whole process ${proc.wall.median.toFixed(2)} s`,
    });
  }
  return rows;
}

/** Medians of the match phases and of enrichment, as `lookups+judging 1.05 s, ...; `. */
function phaseNote(
  phases: Record<"lookUpAndJudge" | "details" | "buildFindings" | "enrich", number[]>,
): string {
  const parts: string[] = [];
  const add = (label: string, xs: number[]): void => {
    if (xs.length) parts.push(`${label} ${median(xs).toFixed(2)} s`);
  };
  add("lookups+judging", phases.lookUpAndJudge);
  add("advisory detail", phases.details);
  add("building findings", phases.buildFindings);
  add("then enrichment", phases.enrich);
  return parts.length ? `${parts.join(", ")}; ` : "";
}
