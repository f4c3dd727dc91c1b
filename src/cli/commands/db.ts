import type { Command } from "commander";
import type { BuildEvents, BuildSummary, DbMetadata } from "../../app/build-db.js";
import { resolveDbPath, resolveFeedCacheDir } from "../../app/config.js";
import type { Diagnostic } from "../../model/index.js";
import { writeOutput } from "../output.js";
import { progressEnabled } from "../progress.js";
import { action, debugLog, isDebug, usageError } from "../run-command.js";

interface DbOptions {
  db?: string;
}

interface BuildFlags extends DbOptions {
  fresh?: boolean;
  force?: boolean;
}

/** `drydock db import|update|status`: build and inspect the vulnerability database. */
export function registerDbCommand(program: Command): void {
  const db = program.command("db").description("build and inspect the vulnerability database");
  db.command("import")
    .description("import feed files or folders (every known format found is imported)")
    .argument("<paths...>", "feed files or folders (e.g. a mirror laid out like shared/vulndata)")
    .option("--db <file>", "database file (default: $DRYDOCK_DB, else advisories.db in the cache dir)")
    .option("--fresh", "build from an empty database instead of updating the current one")
    .option("--force", "re-import providers whose input did not change")
    .action(
      action(async (paths: string[], opts: BuildFlags) => {
        const file = resolveDbPath(opts.db);
        const ui = await createBuildUi();
        const { importFeeds } = await loadBuildDb();
        const summary = await untilInterrupted(
          (signal) => importFeeds(paths, { db: file, ...flags(opts), events: ui.events, signal }),
          ui.stop,
        );
        ui.stop();
        return reportSummary(summary, ui.diagnostics);
      }),
    );
  db.command("update")
    .description("download the feeds (conditional requests) and import what changed")
    .option("--source <name...>", "only these importers or providers (kev, osv, osv:Go, nvd:modified, ...)")
    .option("--mirror <dir|url>", "read feeds from a folder or HTTP server laid out like shared/vulndata")
    .option("--db <file>", "database file (default: $DRYDOCK_DB, else advisories.db in the cache dir)")
    .option("--fresh", "build from an empty database instead of updating the current one")
    .option("--force", "re-import providers whose input did not change")
    .action(
      action(async (opts: BuildFlags & { source?: string[]; mirror?: string }) => {
        const file = resolveDbPath(opts.db);
        const ui = await createBuildUi();
        const { updateFeeds } = await loadBuildDb();
        const summary = await untilInterrupted(
          (signal) =>
            updateFeeds({
              db: file,
              feedCache: resolveFeedCacheDir(),
              ...flags(opts),
              ...(opts.source ? { sources: opts.source } : {}),
              ...(opts.mirror ? { mirror: opts.mirror } : {}),
              events: ui.events,
              signal,
            }),
          ui.stop,
        );
        ui.stop();
        return reportSummary(summary, ui.diagnostics);
      }),
    );
  db.command("status")
    .description("show the schema version, build time and every provider of the database")
    .option("-f, --format <format>", "table or json (default: table on a terminal, json when piped)")
    .option("--db <file>", "database file (default: $DRYDOCK_DB, else advisories.db in the cache dir)")
    .action(
      action(async (opts: DbOptions & { format?: string }) => {
        const format = opts.format ?? (process.stdout.isTTY ? "table" : "json");
        if (format !== "table" && format !== "json")
          throw usageError(`--format ${format}: choose table or json`);
        const { readDbStatus } = await loadBuildDb();
        const meta = await readDbStatus(resolveDbPath(opts.db));
        await writeOutput(format === "json" ? statusJson(meta) : await statusTable(meta));
        return 0;
      }),
    );
}

function flags(opts: BuildFlags): { fresh?: boolean; force?: boolean } {
  return { ...(opts.fresh ? { fresh: true } : {}), ...(opts.force ? { force: true } : {}) };
}

/**
 * Progress on an interactive stderr only (never in CI or when piped; the progress-bar library
 * loads only then); diagnostics tallied by code.
 */
async function createBuildUi(): Promise<{
  events: BuildEvents;
  diagnostics: Map<string, number>;
  stop(): void;
}> {
  const diagnostics = new Map<string, number>();
  const cliProgress = progressEnabled() ? (await import("cli-progress")).default : undefined;
  const bar = cliProgress
    ? new cliProgress.SingleBar(
        {
          format: "{provider} | {value} records",
          stream: process.stderr,
          clearOnComplete: true,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let running = false;
  const events: BuildEvents = {
    providerStart: (provider) => {
      if (running) bar?.stop();
      bar?.start(0, 0, { provider });
      running = Boolean(bar);
    },
    progress: (provider, records) => bar?.update(records, { provider }),
    providerDone: (r) => {
      if (running) bar?.stop();
      running = false;
      debugLog("db provider done", {
        provider: r.provider,
        status: r.status,
        ...(r.counts ?? {}),
        ...(r.seconds ? { seconds: Number(r.seconds.toFixed(2)) } : {}),
      });
    },
    diagnostic: (provider, d: Diagnostic) => {
      diagnostics.set(d.code, (diagnostics.get(d.code) ?? 0) + 1);
      debugLog("db diagnostic", { provider, code: d.code, file: d.file, message: d.message });
    },
    fetched: (provider, f) =>
      debugLog("db fetched", { provider, from: f.from, status: f.status, digest: f.digest, size: f.size }),
  };
  return {
    events,
    diagnostics,
    stop: () => {
      if (running) bar?.stop();
    },
  };
}

/** One summary on stderr; each failed feed on its own line; exit 4 when any failed. */
function reportSummary(summary: BuildSummary, diagnostics: Map<string, number>): number {
  const by = (s: string) => summary.providers.filter((p) => p.status === s);
  const imported = by("imported");
  const records = imported.reduce((n, p) => n + (p.counts?.records ?? 0), 0);
  const parts = [`${imported.length} provider(s) imported (${records} records)`];
  if (by("unchanged").length) parts.push(`${by("unchanged").length} unchanged`);
  if (by("absent").length) parts.push(`${by("absent").length} not in the mirror`);
  if (by("failed").length) parts.push(`${by("failed").length} failed`);
  const where = summary.published ? `into ${summary.db}` : `(${summary.db} not changed)`;
  process.stderr.write(`drydock: db: ${parts.join(", ")} ${where}\n`);
  if (summary.diagnostics > 0) {
    const codes = [...diagnostics].map(([c, n]) => `${c} ${n}`).join(", ");
    const more = isDebug() ? "" : "; --debug lists them";
    process.stderr.write(
      `drydock: db: ${summary.diagnostics} malformed record(s) skipped (${codes})${more}\n`,
    );
  }
  if (summary.unrecognised.length > 0) debugLog("db unrecognised files", { files: summary.unrecognised });
  const failed = by("failed");
  for (const f of failed)
    process.stderr.write(`drydock: ${f.error?.message ?? `feed ${f.provider} failed`}\n`);
  return failed.length > 0 ? 4 : 0;
}

function statusJson(meta: DbMetadata): string {
  const now = Date.now();
  return JSON.stringify(
    {
      path: meta.path,
      schemaVersion: meta.schemaVersion,
      builtAt: meta.builtAt,
      builtBy: meta.builtBy,
      providers: meta.providers.map((p) => ({
        ...p,
        ageSeconds: Math.max(0, Math.round((now - Date.parse(p.fetchedAt)) / 1000)),
      })),
    },
    null,
    2,
  );
}

async function statusTable(meta: DbMetadata): Promise<string> {
  const { default: Table } = await import("cli-table3");
  const head = `database ${meta.path}\nschema ${meta.schemaVersion}, built ${meta.builtAt} (${age(meta.builtAt)} ago) by drydock ${meta.builtBy}\n`;
  const table = new Table({
    head: ["provider", "records", "advisories", "age", "importer", "source", "input digest"],
    style: { head: [], border: [] },
  });
  for (const p of meta.providers) {
    table.push([
      p.id,
      String(p.records),
      String(p.advisories + p.kev + p.epss),
      age(p.fetchedAt),
      `${p.importer} ${p.importerVersion}`,
      p.source,
      p.inputDigest.slice(0, 19),
    ]);
  }
  return `${head}${table.toString()}`;
}

function age(iso: string): string {
  const s = Math.max(0, (Date.now() - Date.parse(iso)) / 1000);
  if (!Number.isFinite(s)) return "?";
  if (s < 90) return `${Math.round(s)}s`;
  if (s < 5400) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${Math.round(s / 3600)}h`;
  return `${Math.round(s / 86400)}d`;
}

/**
 * The database build code (every importer, SQLite) is loaded only when a db command runs:
 * the CLI's start-up stays small for the commands that do not need it.
 */
function loadBuildDb(): Promise<typeof import("../../app/build-db.js")> {
  return import("../../app/build-db.js");
}

/**
 * Runs a database build that SIGINT (Ctrl-C) or SIGTERM stops cleanly: the first signal
 * aborts it, so the build drops its copy and lock and ends with DRYDOCK_INTERRUPTED (exit
 * 130, the database unchanged); the handlers are gone by then, so a second signal stops the
 * process at once (the next build removes what is left).
 */
async function untilInterrupted<T>(
  build: (signal: AbortSignal) => Promise<T>,
  stopUi: () => void,
): Promise<T> {
  const controller = new AbortController();
  const stop = (): void => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    stopUi();
    controller.abort();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  try {
    return await build(controller.signal);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
