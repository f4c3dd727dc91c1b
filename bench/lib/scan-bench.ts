import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { BenchImage } from "../images.js";
import { type BenchContext, scratchDir } from "./context.js";
import { runDrydock } from "./drydock.js";
import { type ResultRow, type RunFigures, round, toFigures, toSeries } from "./results.js";

/** Exit codes of a scan that worked: 0, or 1 when a gate failed. */
export const scanOk = (code: number): boolean => code === 0 || code === 1;

export function scanArgs(image: string, db: string, out: string): string[] {
  return ["scan", image, "--db", db, "--format", "json", "--output", out];
}

/** Packages and findings of a drydock JSON report, as sorted keys (for comparing runs). */
export function reportKeys(file: string): { packages: string[]; findings: string[] } | undefined {
  try {
    const doc = JSON.parse(readFileSync(file, "utf8")) as {
      packages?: { id?: string; purl?: string }[];
      findings?: { vulnerability?: { id?: string }; package?: { id?: string; purl?: string } }[];
    };
    return {
      packages: (doc.packages ?? []).map((p) => p.id ?? p.purl ?? "").sort(),
      findings: (doc.findings ?? [])
        .map((f) => `${f.vulnerability?.id}|${f.package?.id ?? f.package?.purl}`)
        .sort(),
    };
  } catch {
    return undefined;
  }
}

/** Whether `drydock scan` can be measured, and why not. */
export function scanUnavailable(ctx: BenchContext): string | undefined {
  if (!ctx.cli.commands.has("scan")) return "this build has no `drydock scan` yet";
  if (!ctx.db) return "no advisory DB (the db import section did not run or failed)";
  return undefined;
}

/**
 * `drydock scan` end to end against the DB built from ../shared/vulndata: cold (fresh layer
 * cache) and warm (the same cache again) in alternation, `runs` pairs.
 */
export async function benchScan(ctx: BenchContext, image: BenchImage): Promise<ResultRow[]> {
  const why = scanUnavailable(ctx);
  if (why) return [];
  const db = ctx.db!;
  const dir = scratchDir(ctx, `scan-${image.name}`);
  const cold: RunFigures[] = [];
  const warm: RunFigures[] = [];
  let findings: number | undefined;
  for (let i = 0; i < ctx.runs; i++) {
    ctx.log(`  ${image.name}: scan cold + warm ${i + 1}/${ctx.runs}`);
    const cacheDir = join(dir, `cache-${i}`);
    const out = join(dir, `scan-${i}.json`);
    const c = await runDrydock(ctx.cli, scanArgs(image.file, db, out), { cacheDir });
    cold.push(toFigures(c));
    if (!scanOk(c.exitCode)) {
      ctx.notes.push(`scan ${image.name} failed (exit ${c.exitCode}): ${c.stderr.trim().slice(-300)}`);
      continue;
    }
    findings = reportKeys(out)?.findings.length;
    const w = await runDrydock(ctx.cli, scanArgs(image.file, db, out), { cacheDir });
    warm.push(toFigures(w));
    if (!scanOk(w.exitCode)) ctx.notes.push(`warm scan ${image.name} failed (exit ${w.exitCode})`);
    rmSync(cacheDir, { recursive: true, force: true });
  }
  rmSync(dir, { recursive: true, force: true });
  const coldSeries = toSeries(cold);
  const warmSeries = toSeries(warm);
  const share = warmSeries.wall.median / coldSeries.wall.median;
  return [
    {
      section: "scan-cold",
      what: "scan, cold layer cache",
      image: image.name,
      drydock: coldSeries,
      ...(findings === undefined ? {} : { figures: { findings } }),
      note: findings === undefined ? "" : `${findings} findings`,
    },
    {
      section: "scan-warm",
      what: "scan, warm layer cache",
      image: image.name,
      drydock: warmSeries,
      figures: { warmOverCold: round(share, 3) },
      note: `${Math.round(100 * share)}% of the cold scan`,
    },
  ];
}
