import { stat } from "node:fs/promises";
import { join } from "node:path";
import {
  buildInterrupted,
  DatabaseBuild,
  type DbMetadata,
  openAdvisoryReader,
  type ProviderCounts,
  type ProviderProvenance,
} from "../db/index.js";
import {
  describeSource,
  detectFeeds,
  digestFiles,
  type FetchedFile,
  fetchFeedFile,
  readProvenance,
  walkInputFiles,
  writeProvenance,
} from "../feeds/index.js";
import {
  type Diagnostic,
  DrydockError,
  type FeedSnapshot,
  type Importer,
  isDrydockError,
} from "../model/index.js";
import { importers } from "./importers.js";
import { drydockVersion } from "./version.js";

export type { DbMetadata, ProviderCounts, ProviderInfo } from "../db/index.js";

/** Callbacks the CLI uses for progress and diagnostics; all optional. */
export interface BuildEvents {
  providerStart?(provider: string, importer: string): void;
  /** Running count of input records of the provider being imported. */
  progress?(provider: string, records: number): void;
  providerDone?(result: ProviderResult): void;
  diagnostic?(provider: string, d: Diagnostic): void;
  fetched?(provider: string, file: FetchedFile): void;
}

/** What happened to one provider in an import or update. */
export interface ProviderResult {
  provider: string;
  importer: string;
  /**
   * `imported`: rows replaced. `unchanged`: same input digest and importer version as the
   * database already holds, skipped. `absent`: not in the mirror. `failed`: see `error`;
   * the provider keeps its previous rows.
   */
  status: "imported" | "unchanged" | "absent" | "failed";
  source?: string;
  counts?: ProviderCounts;
  error?: DrydockError;
  seconds?: number;
}

export interface BuildSummary {
  db: string;
  /** True when a new database file was published. */
  published: boolean;
  providers: ProviderResult[];
  diagnostics: number;
  /** Files `db import` found but no importer recognised. */
  unrecognised: string[];
}

export interface BuildDbOptions {
  /** Database file (see resolveDbPath). */
  db: string;
  /** Build from an empty database instead of a copy of the current one. */
  fresh?: boolean;
  /** Re-import providers even when their input is unchanged. */
  force?: boolean;
  events?: BuildEvents;
  /** The importers to use (the registry by default). */
  registry?: Readonly<Record<string, Importer>>;
  /**
   * Stops the build between records (the CLI aborts it on SIGINT/SIGTERM): the copy is
   * dropped, the lock released, and DRYDOCK_INTERRUPTED thrown; the database is unchanged.
   */
  signal?: AbortSignal;
}

export interface UpdateDbOptions extends BuildDbOptions {
  /** `<cache>/feeds`: raw downloads and their provenance, one folder per provider. */
  feedCache: string;
  /** Provider ids (`osv:Go`), importer ids (`osv`, `kev`) or provider prefixes to update; all when empty. */
  sources?: readonly string[];
  /** A folder or http(s) URL laid out like shared/vulndata, used instead of the upstream hosts. */
  mirror?: string;
}

interface ImportJob {
  importer: Importer;
  snapshot: FeedSnapshot;
}

/**
 * `db import`: finds the feeds under `paths` (every file offered to every importer), and
 * imports each provider found into a new database built beside the current one.
 * @throws DrydockError DRYDOCK_FEED_UNREADABLE when a path cannot be read or holds no known
 * feed; DRYDOCK_DB_* when the database cannot be built. A feed that fails mid-way is
 * reported in the summary (status `failed`), not thrown: the others still publish.
 */
export async function importFeeds(paths: readonly string[], options: BuildDbOptions): Promise<BuildSummary> {
  const registry = options.registry ?? importers;
  const inputs = await walkInputFiles(paths);
  const { groups, unrecognised } = await detectFeeds(inputs, Object.values(registry));
  if (groups.length === 0) {
    throw new DrydockError(
      "DRYDOCK_FEED_UNREADABLE",
      `feed ${paths.join(", ")}: no known feed format found`,
      {
        hint: `known importers: ${Object.keys(registry).join(", ")}`,
      },
    );
  }
  const jobs: ImportJob[] = [];
  const failures: ProviderResult[] = [];
  for (const g of groups) {
    const importer = registryEntry(registry, g.importer);
    try {
      const snapshot: FeedSnapshot = {
        provider: g.provider,
        source: describeSource(g.files),
        files: g.files,
        fetchedAt: await newestMtime(g.files),
        digest: await digestFiles(g.files),
      };
      jobs.push({ importer, snapshot });
    } catch (e) {
      failures.push({
        provider: g.provider,
        importer: g.importer,
        status: "failed",
        error: asFeedError(e, g.provider),
      });
    }
  }
  const summary = await buildProviders(jobs, options);
  summary.providers.push(...failures);
  summary.unrecognised = unrecognised;
  return summary;
}

/**
 * `db update`: fetches each selected provider's upstream files (or the mirror's copies)
 * into `<feedCache>/<provider>/` with conditional requests, records their provenance, and
 * imports the providers whose input changed.
 * @throws DrydockError DRYDOCK_USAGE for an unknown source name.
 */
export async function updateFeeds(options: UpdateDbOptions): Promise<BuildSummary> {
  const registry = options.registry ?? importers;
  const selected = selectUpstream(registry, options.sources ?? []);
  const jobs: ImportJob[] = [];
  const others: ProviderResult[] = [];
  for (const [provider, { importer, entries }] of selected) {
    const dir = join(options.feedCache, provider);
    const previous = await readProvenance(dir);
    const fetched: FetchedFile[] = [];
    try {
      for (const entry of entries) {
        const prev = previous?.files.find((f) => f.mirrorPath === entry.mirrorPath);
        const dest = join(dir, ...entry.mirrorPath.split("/"));
        const opts = {
          ...(options.mirror ? { mirror: options.mirror } : {}),
          ...(prev ? { previous: prev } : {}),
        };
        const file = await fetchFeedFile(entry, dest, opts);
        options.events?.fetched?.(provider, file);
        fetched.push(file);
      }
    } catch (e) {
      others.push({ provider, importer: importer.name, status: "failed", error: asFeedError(e, provider) });
      continue;
    }
    const present = fetched.filter((f) => f.status !== "absent");
    if (present.length === 0) {
      const where = fetched.map((f) => f.from).join(", ");
      const explicit = options.sources?.includes(provider) ?? false;
      if (options.mirror && !explicit) {
        others.push({ provider, importer: importer.name, status: "absent", source: where });
      } else {
        const error = new DrydockError("DRYDOCK_FEED_UNREADABLE", `feed ${provider}: not found at ${where}`);
        others.push({ provider, importer: importer.name, status: "failed", error });
      }
      continue;
    }
    await writeProvenance(dir, { provider, importer: importer.name, files: present });
    const files = present.map((f) => f.file);
    jobs.push({
      importer,
      snapshot: {
        provider,
        source: commonSource(present.map((f) => f.from)),
        files,
        fetchedAt: present
          .map((f) => f.fetchedAt)
          .sort()
          .at(-1)!,
        digest: await digestFiles(files),
      },
    });
  }
  const summary = await buildProviders(jobs, options);
  summary.providers.push(...others);
  return summary;
}

/** `db status`: the schema, build time and providers of the database. */
export async function readDbStatus(db: string): Promise<DbMetadata> {
  const reader = openAdvisoryReader(db);
  try {
    return await reader.metadata();
  } finally {
    reader.close();
  }
}

/**
 * Imports the jobs into one atomic build. Jobs whose input digest and importer version
 * match what the database holds are skipped (unless `force` or `fresh`); when nothing is
 * left to do, no build happens at all.
 */
async function buildProviders(jobs: ImportJob[], options: BuildDbOptions): Promise<BuildSummary> {
  const summary: BuildSummary = {
    db: options.db,
    published: false,
    providers: [],
    diagnostics: 0,
    unrecognised: [],
  };
  const current = options.fresh ? new Map() : await currentProviders(options.db);
  const todo: ImportJob[] = [];
  for (const job of jobs) {
    const have = current.get(job.snapshot.provider);
    const same =
      have && have.inputDigest === job.snapshot.digest && have.importerVersion === job.importer.version;
    if (same && !options.force) {
      const result: ProviderResult = {
        provider: job.snapshot.provider,
        importer: job.importer.name,
        status: "unchanged",
        source: job.snapshot.source,
      };
      summary.providers.push(result);
      options.events?.providerDone?.(result);
    } else {
      todo.push(job);
    }
  }
  if (todo.length === 0) return summary;
  const stopIfAsked = (): void => {
    if (options.signal?.aborted) throw buildInterrupted(options.db);
  };
  stopIfAsked();
  const build = DatabaseBuild.begin(options.db, { fresh: options.fresh ?? false, builtBy: drydockVersion });
  try {
    for (const job of todo) {
      stopIfAsked();
      const result = await importOne(build, job, options, () => summary.diagnostics++);
      summary.providers.push(result);
      options.events?.providerDone?.(result);
    }
    stopIfAsked();
    if (summary.providers.some((p) => p.status === "imported")) {
      build.publish();
      summary.published = true;
    } else {
      build.abort();
    }
  } catch (e) {
    build.abort();
    throw e;
  }
  return summary;
}

async function importOne(
  build: DatabaseBuild,
  job: ImportJob,
  options: BuildDbOptions,
  countDiagnostic: () => void,
): Promise<ProviderResult> {
  const { events, signal } = options;
  const { importer, snapshot } = job;
  const started = performance.now();
  events?.providerStart?.(snapshot.provider, importer.name);
  let records = 0;
  const provenance: ProviderProvenance = {
    id: snapshot.provider,
    importer: importer.name,
    importerVersion: importer.version,
    source: snapshot.source,
    fetchedAt: snapshot.fetchedAt,
    inputDigest: snapshot.digest,
  };
  const base = { provider: snapshot.provider, importer: importer.name, source: snapshot.source };
  try {
    const stream = importer.parse(snapshot, (n = 1) => {
      records += n;
    });
    const counts = await build.importProvider(provenance, stream, {
      records: () => records,
      onDiagnostic: (d) => {
        // Info notes (how a feed quirk was read) are not skipped records.
        if (d.level !== "info") countDiagnostic();
        events?.diagnostic?.(snapshot.provider, d);
      },
      onProgress: () => events?.progress?.(snapshot.provider, records),
      progressEvery: 2000,
      ...(signal ? { signal } : {}),
    });
    return { ...base, status: "imported", counts, seconds: (performance.now() - started) / 1000 };
  } catch (e) {
    // A stopped build is not one failed feed: it ends the whole build.
    if (isDrydockError(e) && e.code === "DRYDOCK_INTERRUPTED") throw e;
    return { ...base, status: "failed", error: asFeedError(e, snapshot.provider) };
  }
}

async function currentProviders(
  db: string,
): Promise<Map<string, { inputDigest: string; importerVersion: string }>> {
  try {
    const meta = await readDbStatus(db);
    return new Map(
      meta.providers.map((p) => [p.id, { inputDigest: p.inputDigest, importerVersion: p.importerVersion }]),
    );
  } catch {
    // A missing database has no providers; an unreadable one is refused by DatabaseBuild.begin.
    return new Map();
  }
}

function selectUpstream(
  registry: Readonly<Record<string, Importer>>,
  sources: readonly string[],
): Map<string, { importer: Importer; entries: Importer["upstream"] }> {
  const out = new Map<string, { importer: Importer; entries: Importer["upstream"] }>();
  const matched = new Set<string>();
  for (const importer of Object.values(registry)) {
    for (const entry of importer.upstream) {
      const hit =
        sources.length === 0 ? "*" : sources.find((s) => matchesSource(s, importer.name, entry.provider));
      if (!hit) continue;
      matched.add(hit);
      const slot = out.get(entry.provider) ?? { importer, entries: [] };
      slot.entries.push(entry);
      out.set(entry.provider, slot);
    }
  }
  const unknown = sources.filter((s) => !matched.has(s));
  if (unknown.length > 0) {
    throw new DrydockError("DRYDOCK_USAGE", `unknown --source ${unknown.join(", ")}`, {
      hint: `sources are importer ids (${Object.keys(registry).join(", ")}) or provider ids such as osv:Go`,
    });
  }
  return out;
}

function matchesSource(source: string, importer: string, provider: string): boolean {
  return source === importer || source === provider || provider.startsWith(`${source}:`);
}

function registryEntry(registry: Readonly<Record<string, Importer>>, name: string): Importer {
  const importer = registry[name] ?? Object.values(registry).find((i) => i.name === name);
  if (!importer) throw new DrydockError("DRYDOCK_INTERNAL", `importer ${name} is not registered`);
  return importer;
}

function asFeedError(e: unknown, provider: string): DrydockError {
  if (isDrydockError(e)) return e;
  return new DrydockError(
    "DRYDOCK_FEED_UNREADABLE",
    `feed ${provider}: ${(e as Error).message ?? String(e)}`,
    {
      cause: e,
    },
  );
}

async function newestMtime(files: readonly string[]): Promise<string> {
  let newest = 0;
  for (const f of files) newest = Math.max(newest, (await stat(f)).mtimeMs);
  return new Date(newest).toISOString();
}

/** One source string for several URLs or paths: their common prefix up to a `/`. */
function commonSource(sources: readonly string[]): string {
  if (sources.length === 1) return sources[0]!;
  let prefix = sources[0]!;
  for (const s of sources) while (!s.startsWith(prefix)) prefix = prefix.slice(0, -1);
  const cut = prefix.lastIndexOf("/");
  return cut > 0 ? prefix.slice(0, cut + 1) : prefix;
}
