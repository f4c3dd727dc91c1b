import { existsSync } from "node:fs";
import { join } from "node:path";
import type { BenchContext } from "./context.js";
import { measure } from "./measure.js";
import type { BenchReport, ResultRow } from "./results.js";
import { toFigures, toSeries } from "./results.js";

/**
 * The other bench scripts whose figures the issues ask for, run as they are (bench/db-import.ts
 * is not: the db import section measures the same import through the CLI).
 */
const scripts = [
  {
    file: "oval-import-rss.ts",
    args: [] as string[],
    what: "bench/oval-import-rss.ts (issue 4: peak RSS importing the largest OVAL)",
  },
  {
    file: "registry-pull.ts",
    args: ["--runs", "RUNS"],
    what: "bench/registry-pull.ts (issue 6: pull-and-scan from a local registry vs the archive)",
  },
  {
    file: "catalog-vs-trivy.ts",
    args: [] as string[],
    what: "bench/catalog-vs-trivy.ts (issue 3: packages by type, drydock vs Trivy)",
  },
];

const tailLines = 40;

/**
 * Runs each script that exists (the stage owners keep them), once, with a time limit, and
 * keeps the tail of its output verbatim for the report; a missing script is a note.
 */
export async function benchExtras(ctx: BenchContext, extras: BenchReport["extras"]): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  for (const script of scripts) {
    const path = join(ctx.repo, "bench", script.file);
    if (!existsSync(path)) {
      ctx.notes.push(`${script.what}: not run: bench/${script.file} is not there`);
      continue;
    }
    ctx.log(`  bench/${script.file}`);
    const args = script.args.map((a) => (a === "RUNS" ? String(ctx.runs) : a));
    const m = await measure(process.execPath, ["--import", "tsx", path, ...args], {
      env: { ...process.env, CI: "true", NO_COLOR: "1" },
      cwd: ctx.repo,
      timeoutSeconds: 1800,
    });
    const output = `${m.stdout}${m.stderr ? `\n[stderr]\n${m.stderr}` : ""}`
      .trim()
      .split("\n")
      .slice(-tailLines)
      .join("\n");
    extras.push({
      name: script.file,
      command: ["node --import tsx", `bench/${script.file}`, ...args].join(" "),
      exitCode: m.exitCode,
      output,
    });
    rows.push({
      section: "extra",
      what: script.what,
      drydock: toSeries([toFigures(m)]),
      note:
        m.exitCode === 0 ? "whole script; its output is below the table" : `exit ${m.exitCode}; output below`,
    });
  }
  return rows;
}
