import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { type BenchContext, scratchDir } from "./context.js";
import { runDrydock } from "./drydock.js";
import { type ResultRow, type RunFigures, toFigures, toSeries } from "./results.js";

/** Size of a SQLite database with its WAL and shared-memory files. */
export function databaseBytes(file: string): number {
  let total = 0;
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) total += statSync(f).size;
  return total;
}

interface StatusJson {
  providers?: { id: string; records?: number; advisories?: number }[];
}

/**
 * `drydock db import` of the whole of ../shared/vulndata into a fresh database, `runs`
 * times (each from empty); keeps the last database in `ctx.db` for the scan sections.
 */
export async function benchDbImport(ctx: BenchContext, vulndata: string, runs: number): Promise<ResultRow[]> {
  if (!ctx.cli.commands.has("db import")) {
    ctx.notes.push("db import: skipped: this build has no `drydock db import`");
    return [];
  }
  if (!existsSync(vulndata)) {
    ctx.notes.push(`db import: skipped: ${vulndata} is missing`);
    return [];
  }
  const figures: RunFigures[] = [];
  let db: string | undefined;
  let size = 0;
  let failed: string | undefined;
  for (let i = 0; i < runs; i++) {
    ctx.log(`  db import run ${i + 1}/${runs}`);
    const dir = scratchDir(ctx, "db");
    const file = join(dir, "advisories.db");
    const m = await runDrydock(ctx.cli, ["db", "import", vulndata, "--db", file, "--fresh"], {
      cacheDir: dir,
    });
    figures.push(toFigures(m));
    if (m.exitCode !== 0) {
      failed = `exit ${m.exitCode}: ${m.stderr.trim().split("\n").slice(-2).join(" ").slice(0, 300)}`;
      continue;
    }
    size = databaseBytes(file);
    db = file;
  }
  if (db === undefined) {
    ctx.notes.push(`db import failed: ${failed}`);
    return [
      {
        section: "db-import",
        what: "db import ../shared/vulndata",
        drydock: toSeries(figures),
        note: `failed: ${failed}`,
      },
    ];
  }
  ctx.db = db;
  let providers = 0;
  let records = 0;
  const status = await runDrydock(ctx.cli, ["db", "status", "--format", "json", "--db", db], {
    cacheDir: join(db, ".."),
  });
  try {
    const doc = JSON.parse(status.stdout) as StatusJson;
    providers = doc.providers?.length ?? 0;
    records = (doc.providers ?? []).reduce((n, p) => n + (p.records ?? 0), 0);
  } catch {
    // older status output: the size alone
  }
  const mib = size / 1024 / 1024;
  return [
    {
      section: "db-import",
      what: "db import of all ../shared/vulndata (fresh DB)",
      drydock: toSeries(figures),
      figures: { dbBytes: size, providers, records },
      note: `DB ${mib.toFixed(0)} MiB, ${providers} providers, ${records} records${failed ? `; a run failed: ${failed}` : ""}`,
    },
  ];
}
