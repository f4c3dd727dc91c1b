import Database from "better-sqlite3";
import type { ProblemLog } from "./problem-log.js";

const sqliteMagic = Buffer.from("SQLite format 3\0", "latin1");
/** More rows than any real rpmdb holds: a guard against a crafted table. */
const maxRows = 500_000;

/**
 * Reads the header blobs of rpm's SQLite database (`rpmdb.sqlite`, rpm >= 4.16): table
 * `Packages (hnum INTEGER PRIMARY KEY, blob BLOB)`.
 *
 * The bytes are opened in memory (SQLite deserialize), read-only: nothing is written to
 * disk and nothing next to the image is touched. rpm keeps the database in WAL mode
 * (header bytes 18/19 = 2) while an image holds no `-wal`/`-shm` files; the in-memory copy
 * is switched to rollback-journal mode (bytes 18/19 = 1) so SQLite opens it without them.
 * Each blob goes to `onBlob` (which returns false to stop); problems go to `log`. A corrupt
 * or hostile file surfaces as an error string, never as a throw.
 */
export function readSqliteRpmdb(
  bytes: Uint8Array,
  onBlob: (blob: Uint8Array) => boolean | undefined,
  log: ProblemLog,
): { error: string } | undefined {
  if (bytes.length < 100 || !sqliteMagic.equals(Buffer.from(bytes.buffer, bytes.byteOffset, 16))) {
    return { error: "not an SQLite database (bad magic)" };
  }
  const copy = Buffer.from(bytes);
  if (copy[18] === 2) copy[18] = 1;
  if (copy[19] === 2) copy[19] = 1;
  let db: Database.Database | undefined;
  try {
    db = new Database(copy, { readonly: true });
    db.pragma("trusted_schema = OFF");
    const kind = db.prepare("SELECT type FROM sqlite_master WHERE name = 'Packages'").get() as
      | { type: string }
      | undefined;
    if (kind?.type !== "table") return { error: "database has no Packages table: not an rpm database" };
    let rows = 0;
    for (const row of db.prepare("SELECT hnum, blob FROM Packages").iterate() as Iterable<{
      hnum: unknown;
      blob: unknown;
    }>) {
      if (++rows > maxRows) {
        log.add(`more than ${maxRows} rows: the rest were not read`);
        break;
      }
      if (!(row.blob instanceof Uint8Array)) log.add(`row ${String(row.hnum)} holds no blob`);
      else if (onBlob(row.blob) === false) break;
    }
    return undefined;
  } catch (e) {
    return { error: `SQLite could not read the database: ${(e as Error).message}` };
  } finally {
    db?.close();
  }
}
