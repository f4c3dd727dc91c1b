import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import type { BenchImage } from "../images.js";
import { type BenchContext, scratchDir } from "./context.js";
import { runDrydock } from "./drydock.js";
import type { Measurement } from "./measure.js";
import { type ResultRow, type RunFigures, round, toFigures, toSeries } from "./results.js";
import { reportKeys, scanArgs, scanOk, scanUnavailable } from "./scan-bench.js";

const parallel = 4;

/** `PRAGMA integrity_check` of a SQLite file, read-only: "ok" or the first problems. */
export function integrityOf(file: string): string {
  if (!existsSync(file)) return "missing";
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.pragma("integrity_check") as { integrity_check: string }[];
      return rows.map((r) => r.integrity_check).join("; ");
    } finally {
      db.close();
    }
  } catch (e) {
    return `cannot open: ${(e as Error).message}`;
  }
}

/**
 * Four drydock scans of one image at once against one advisory DB and one (initially empty)
 * layer cache, `runs` times, alternating with one single cold scan so the total can be set
 * against four single scans. Checked each time: every process exits cleanly, each report
 * lists the same packages and findings as the single scan, both SQLite files pass
 * `integrity_check`, and a later run on the shared cache reads no layer bytes. Without
 * `drydock scan` (or a DB) the same is done with `drydock sbom`, which shares the layer cache.
 */
export async function benchConcurrent(ctx: BenchContext, image: BenchImage): Promise<ResultRow[]> {
  const noScan = scanUnavailable(ctx);
  const useScan = noScan === undefined;
  const dir = scratchDir(ctx, "concurrent");
  const argsFor = (out: string) =>
    useScan ? scanArgs(image.file, ctx.db!, out) : ["sbom", image.file, "--format", "json", "--output", out];
  const ok = (m: Measurement) => (useScan ? scanOk(m.exitCode) : m.exitCode === 0);
  const singles: RunFigures[] = [];
  const totals: RunFigures[] = [];
  const problems: string[] = [];
  for (let i = 0; i < ctx.runs; i++) {
    ctx.log(`  ${parallel} at once on ${image.name}, run ${i + 1}/${ctx.runs}`);
    const singleDir = join(dir, `single-${i}`);
    const reference = join(singleDir, "report.json");
    const single = await runDrydock(ctx.cli, argsFor(reference), { cacheDir: singleDir });
    singles.push(toFigures(single));
    if (!ok(single)) {
      problems.push(`single run failed (exit ${single.exitCode}): ${single.stderr.trim().slice(-200)}`);
      continue;
    }
    const want = JSON.stringify(reportKeys(reference));

    const shared = join(dir, `shared-${i}`);
    const started = process.hrtime.bigint();
    const all = await Promise.all(
      Array.from({ length: parallel }, (_, k) =>
        runDrydock(ctx.cli, argsFor(join(shared, `report-${k}.json`)), { cacheDir: shared }),
      ),
    );
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    const peakRss = Math.max(...all.map((m) => m.maxRssKiB));
    const cpu = all.reduce((n, m) => n + m.userSeconds + m.systemSeconds, 0);
    const failed = all.filter((m) => !ok(m));
    totals.push({
      wallSeconds: round(wall, 3),
      rssMiB: round(peakRss / 1024, 1),
      cpuSeconds: round(cpu, 2),
      exitCode: failed.length,
    });
    for (const m of failed)
      problems.push(`a concurrent run failed (exit ${m.exitCode}): ${m.stderr.trim().slice(-200)}`);
    for (let k = 0; k < parallel; k++) {
      const got = JSON.stringify(reportKeys(join(shared, `report-${k}.json`)));
      if (all[k] && ok(all[k]!) && got !== want)
        problems.push(`concurrent report ${k + 1} differs from the single run`);
    }
    const cacheCheck = integrityOf(join(shared, "layers.db"));
    if (cacheCheck !== "ok") problems.push(`layer cache after the concurrent runs: ${cacheCheck}`);
    if (useScan) {
      const dbCheck = integrityOf(ctx.db!);
      if (dbCheck !== "ok") problems.push(`advisory DB after the concurrent runs: ${dbCheck}`);
    }
    // Every layer must now come from the shared cache.
    const after = await runDrydock(
      ctx.cli,
      ["--debug", "sbom", image.file, "--format", "json", "--output", join(shared, "after.json")],
      { cacheDir: shared },
    );
    const read = /"layerBytesRead":(\d+)/.exec(after.stderr)?.[1];
    if (after.exitCode !== 0)
      problems.push(`sbom on the shared cache afterwards failed (exit ${after.exitCode})`);
    else if (read !== undefined && read !== "0")
      problems.push(`after the concurrent runs a warm run still read ${read} layer bytes`);
    rmSync(singleDir, { recursive: true, force: true });
    rmSync(shared, { recursive: true, force: true });
  }
  rmSync(dir, { recursive: true, force: true });
  ctx.notes.push(...problems.map((p) => `concurrent ${useScan ? "scans" : "sboms"}: ${p}`));
  const single = toSeries(singles);
  const total = toSeries(totals);
  const ratio = total.wall.median / (parallel * single.wall.median);
  const verdict =
    problems.length === 0
      ? "no errors, reports identical, cache and DB intact"
      : `${problems.length} problem(s), see notes`;
  return [
    {
      section: "concurrent",
      what: `${parallel} ${useScan ? "scans" : "sboms"} at once, one ${useScan ? "DB and one " : ""}layer cache (total wall; peak RSS of one process; CPU summed)`,
      image: image.name,
      drydock: total,
      figures: {
        singleMedianSeconds: single.wall.median,
        totalOverFourSingles: round(ratio, 2),
        problems: problems.length,
        usedScan: useScan,
      },
      note:
        `${verdict}; total = ${Math.round(100 * ratio)}% of ${parallel} single cold runs (${(parallel * single.wall.median).toFixed(1)} s)` +
        (useScan ? "" : `; \`scan\` not measurable (${noScan}), so \`sbom\` shares the layer cache`),
    },
  ];
}
