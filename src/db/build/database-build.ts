import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
} from "node:fs";
import { dirname } from "node:path";
import { type Diagnostic, DrydockError, type FeedRecord, isDrydockError } from "../../model/index.js";
import { AdvisoryWriter, type ProviderCounts, type ProviderProvenance } from "../sqlite/advisory-writer.js";
import { openForReading, openForWriting, type SqliteDatabase } from "../sqlite/open-database.js";
import { buildFileName, removeBuildFile, removeStaleBuildFiles } from "./build-files.js";
import { acquireBuildLock } from "./build-lock.js";
import { verifyDatabase } from "./verify-database.js";

export interface BuildOptions {
  /** Start from an empty database instead of a copy of the current one. */
  fresh?: boolean;
  /** drydock version written into `meta.built_by`. */
  builtBy: string;
}

export interface ImportHooks {
  /** Current number of input records the parser has counted. */
  records: () => number;
  onDiagnostic?: (d: Diagnostic) => void;
  /** Called every `progressEvery` stored records with the running count. */
  onProgress?: (stored: number) => void;
  progressEvery?: number;
  /** Checked between records: once aborted, the provider is rolled back and DRYDOCK_INTERRUPTED thrown. */
  signal?: AbortSignal;
}

/**
 * One atomic rebuild of the advisory database. The published file is never written: a
 * private copy beside it (`.<db>.build-<pid>-<rand>`) receives the re-imported providers,
 * is verified, switched from WAL to a single self-contained file, synced, and renamed over
 * the old one. Readers that opened the old file keep it; a build killed at any point leaves
 * the old file intact and its copy is removed by the next build.
 */
export class DatabaseBuild {
  readonly file: string;
  readonly #tmp: string;
  readonly #db: SqliteDatabase;
  readonly #writer: AdvisoryWriter;
  readonly #release: () => void;
  readonly #builtBy: string;
  #done = false;

  private constructor(file: string, tmp: string, db: SqliteDatabase, release: () => void, builtBy: string) {
    this.file = file;
    this.#tmp = tmp;
    this.#db = db;
    this.#writer = new AdvisoryWriter(db);
    this.#release = release;
    this.#builtBy = builtBy;
  }

  /**
   * Takes the build lock, clears stale copies, and opens a copy of the current database
   * (or an empty one) migrated to the current schema.
   * @throws DrydockError DRYDOCK_DB_BUSY | DRYDOCK_DB_CORRUPT | DRYDOCK_DB_SCHEMA
   */
  static begin(file: string, options: BuildOptions): DatabaseBuild {
    mkdirSync(dirname(file), { recursive: true });
    const release = acquireBuildLock(file);
    const tmp = buildFileName(file);
    try {
      removeStaleBuildFiles(file);
      if (!options.fresh && existsSync(file)) {
        // Refuse to build on a file we cannot read: it may be a newer drydock's. An older
        // schema of the same MODEL is fine: the copy is migrated before anything is written.
        openForReading(file, { acceptOlder: true }).close();
        copyFileSync(file, tmp, constants.COPYFILE_FICLONE);
      }
      const db = openForWriting(tmp);
      return new DatabaseBuild(file, tmp, db, release, options.builtBy);
    } catch (e) {
      removeBuildFile(tmp);
      release();
      throw e;
    }
  }

  /** Provider ids present in the build copy, with the input digest and importer version they were built from. */
  providers(): Map<string, { inputDigest: string; importerVersion: string }> {
    const rows = this.#db.prepare("SELECT id, input_digest, importer_version FROM providers").all() as {
      id: string;
      input_digest: string;
      importer_version: string;
    }[];
    return new Map(
      rows.map((r) => [r.id, { inputDigest: r.input_digest, importerVersion: r.importer_version }]),
    );
  }

  /**
   * Replaces one provider's rows with `records`, in one transaction. On any error the
   * provider keeps its previous rows and the error is rethrown.
   */
  async importProvider(
    provenance: ProviderProvenance,
    records: AsyncIterable<FeedRecord>,
    hooks: ImportHooks,
  ): Promise<ProviderCounts> {
    const w = this.#writer;
    const every = hooks.progressEvery ?? 1000;
    let stored = 0;
    let diagnostics = 0;
    w.beginProvider(provenance);
    try {
      for await (const r of records) {
        if (hooks.signal?.aborted) throw buildInterrupted(this.file);
        switch (r.kind) {
          case "advisory":
            w.addAdvisory(r.advisory);
            break;
          case "kev":
            w.addKev(r.entry);
            break;
          case "epss":
            w.addEpss(r.score);
            break;
          case "diagnostic":
            diagnostics++;
            hooks.onDiagnostic?.(r.diagnostic);
            continue;
        }
        if (++stored % every === 0) hooks.onProgress?.(stored);
      }
      const counts = w.commitProvider(hooks.records(), diagnostics);
      hooks.onProgress?.(stored);
      return counts;
    } catch (e) {
      w.rollbackProvider();
      if (isDrydockError(e)) throw e;
      throw new DrydockError(
        "DRYDOCK_FEED_UNREADABLE",
        `feed ${provenance.id} (${provenance.source}): ${(e as Error).message}`,
        { cause: e },
      );
    }
  }

  /**
   * Verifies the copy and renames it over the published database.
   * @throws DrydockError DRYDOCK_DB_CORRUPT when the check fails (the old file stays).
   */
  publish(): void {
    if (this.#done) throw new Error("build already finished");
    try {
      const db = this.#db;
      const setMeta = db.prepare(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      );
      setMeta.run("built_at", new Date().toISOString());
      setMeta.run("built_by", this.#builtBy);
      const pages = db.pragma("page_count", { simple: true }) as number;
      const free = db.pragma("freelist_count", { simple: true }) as number;
      if (free > pages / 4) db.exec("VACUUM");
      db.pragma("analysis_limit = 1000");
      db.exec("ANALYZE");
      verifyDatabase(db, this.#tmp);
      // A published file must be self-contained: a WAL file beside a renamed database would
      // be taken for the new file's log by the next reader.
      db.pragma("wal_checkpoint(TRUNCATE)");
      db.pragma("journal_mode = DELETE");
      db.close();
      syncFile(this.#tmp);
      renameSync(this.#tmp, this.file);
      syncFile(dirname(this.file));
    } catch (e) {
      this.abort();
      throw e;
    }
    this.#done = true;
    removeBuildFile(this.#tmp);
    this.#release();
  }

  /** Drops the copy and releases the lock; the published database is untouched. */
  abort(): void {
    if (this.#done) return;
    this.#done = true;
    if (this.#db.open) this.#db.close();
    removeBuildFile(this.#tmp);
    this.#release();
  }
}

function syncFile(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    fsyncSync(fd);
  } catch {
    // Some filesystems refuse fsync on directories; the rename stays atomic regardless.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The error a build stopped by a signal ends with (the copy is dropped by the caller's abort). */
export function buildInterrupted(file: string): DrydockError {
  return new DrydockError(
    "DRYDOCK_INTERRUPTED",
    `database ${file}: import interrupted; the database is unchanged`,
  );
}
