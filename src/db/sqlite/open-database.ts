import { statSync } from "node:fs";
import Database from "better-sqlite3";
import { DrydockError } from "../../model/index.js";
import { compareSchemaVersions, parseSchemaVersion } from "../schema-version.js";
import { currentSchemaVersion, type Migration, migrations } from "./schema.js";

export type SqliteDatabase = Database.Database;

/** The hint every "no usable database" error carries. */
export const buildDbHint =
  "build one with `drydock db import PATH…` (a folder of feeds) or `drydock db update`";

/**
 * Opens an advisory database for reading. Read-only: a reader never changes the file, so a
 * rebuild that renames a new file over it leaves this connection on its snapshot.
 * @throws DrydockError DRYDOCK_DB_MISSING (no file), DRYDOCK_DB_CORRUPT (not a drydock
 * SQLite database), DRYDOCK_DB_SCHEMA (a schema MODEL this drydock cannot read).
 */
export function openForReading(file: string, options: { acceptOlder?: boolean } = {}): SqliteDatabase {
  assertFileExists(file);
  let db: SqliteDatabase;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw corrupt(file, e);
  }
  try {
    const version = readSchemaVersion(db, file);
    if (version === undefined) {
      throw new DrydockError("DRYDOCK_DB_CORRUPT", `database ${file}: holds no drydock schema`, {
        hint: buildDbHint,
      });
    }
    assertReadable(file, version, options.acceptOlder ?? false);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Opens (or creates) a database for writing and migrates it to the current schema. Only
 * used on a private build copy (see build/), never on the published file.
 * @throws DrydockError DRYDOCK_DB_CORRUPT, DRYDOCK_DB_SCHEMA (newer than known).
 */
export function openForWriting(file: string, list: readonly Migration[] = migrations): SqliteDatabase {
  let db: SqliteDatabase;
  try {
    db = new Database(file);
  } catch (e) {
    throw corrupt(file, e);
  }
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("temp_store = MEMORY");
    db.pragma("cache_size = -65536");
    migrate(db, file, list);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Reads `meta.schema_version`. Undefined for an empty database (no tables at all).
 * @throws DrydockError DRYDOCK_DB_CORRUPT when the file is not SQLite or not drydock's.
 */
export function readSchemaVersion(db: SqliteDatabase, file: string): string | undefined {
  let tables: string[];
  try {
    tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((r) => r.name);
  } catch (e) {
    throw corrupt(file, e);
  }
  if (tables.length === 0) return undefined;
  if (!tables.includes("meta")) {
    throw new DrydockError(
      "DRYDOCK_DB_CORRUPT",
      `database ${file}: is not a drydock database (no meta table)`,
      {
        hint: buildDbHint,
      },
    );
  }
  let row: { value: string } | undefined;
  try {
    row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as
      | { value: string }
      | undefined;
  } catch (e) {
    throw corrupt(file, e);
  }
  if (!row || !parseSchemaVersion(row.value)) {
    throw new DrydockError("DRYDOCK_DB_CORRUPT", `database ${file}: has no valid schema version`, {
      hint: buildDbHint,
    });
  }
  return row.value;
}

/**
 * A reader accepts its own schema MODEL at its own REVISION.ADDITION or a newer one (newer
 * additions are tables and columns it does not read). An older one lacks some it reads and
 * is refused, unless `acceptOlder` (a build, which migrates its copy before writing).
 */
export function assertReadable(file: string, version: string, acceptOlder = false): void {
  const have = parseSchemaVersion(version)!;
  const known = parseSchemaVersion(currentSchemaVersion)!;
  if (have.model > known.model) {
    throw new DrydockError(
      "DRYDOCK_DB_SCHEMA",
      `database ${file}: schema ${version} is newer than this drydock reads (${currentSchemaVersion})`,
      { hint: "upgrade drydock, or rebuild the database with this version (`drydock db import --fresh`)" },
    );
  }
  if (have.model < known.model) {
    throw new DrydockError(
      "DRYDOCK_DB_SCHEMA",
      `database ${file}: schema ${version} is older than this drydock reads (${currentSchemaVersion})`,
      { hint: buildDbHint },
    );
  }
  if (!acceptOlder && compareSchemaVersions(have, known) < 0) {
    throw new DrydockError(
      "DRYDOCK_DB_SCHEMA",
      `database ${file}: schema ${version} is older than this drydock reads (${currentSchemaVersion})`,
      {
        hint: "`drydock db update` or `drydock db import PATH…` migrates it to this version while importing",
      },
    );
  }
}

/**
 * Brings a database to the newest version in `list`, applying each newer migration in one
 * transaction. Returns the version it was at (undefined when it was empty).
 * @throws DrydockError DRYDOCK_DB_SCHEMA when the database is newer than `list` knows.
 */
export function migrate(
  db: SqliteDatabase,
  file: string,
  list: readonly Migration[] = migrations,
): string | undefined {
  const from = readSchemaVersion(db, file);
  const latest = list.at(-1)?.to ?? currentSchemaVersion;
  const fromVersion = from === undefined ? undefined : parseSchemaVersion(from)!;
  if (fromVersion && compareSchemaVersions(fromVersion, parseSchemaVersion(latest)!) > 0) {
    throw new DrydockError(
      "DRYDOCK_DB_SCHEMA",
      `database ${file}: schema ${from} is newer than this drydock writes (${latest})`,
      { hint: "upgrade drydock, or start from an empty database with `--fresh`" },
    );
  }
  const pending = list.filter(
    (m) => !fromVersion || compareSchemaVersions(parseSchemaVersion(m.to)!, fromVersion) > 0,
  );
  if (pending.length === 0) return from;
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.prepare(
        "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(m.to);
    }
  })();
  return from;
}

function assertFileExists(file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw new DrydockError("DRYDOCK_DB_MISSING", `no vulnerability database at ${file}`, {
        hint: buildDbHint,
      });
    }
    throw corrupt(file, e);
  }
  if (!isFile) {
    throw new DrydockError("DRYDOCK_DB_CORRUPT", `database ${file}: is not a regular file`, {
      hint: buildDbHint,
    });
  }
}

function corrupt(file: string, cause: unknown): DrydockError {
  const why = cause instanceof Error ? cause.message : String(cause);
  return new DrydockError("DRYDOCK_DB_CORRUPT", `database ${file}: cannot be opened: ${why}`, {
    cause,
    hint: `remove it and ${buildDbHint}`,
  });
}
