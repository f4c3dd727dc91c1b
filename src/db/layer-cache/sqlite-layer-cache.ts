import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import type { CachedLayerResult, LayerCache } from "../../model/index.js";
import { DrydockError } from "../../model/index.js";

/** Schema of the layer-cache file; a different one is dropped and rebuilt (it is only a cache). */
const layerCacheSchema = 1;

/**
 * The layer cache in its own SQLite file beside the advisory database (not inside it: the
 * advisory DB is rebuilt and swapped atomically on every update, which must not throw the
 * cache away). WAL mode and a busy timeout let several scans share it.
 */
export class SqliteLayerCache implements LayerCache {
  private readonly db: Database.Database;
  private readonly getStmt: Database.Statement<[string, string], { value: Buffer }>;
  private readonly putStmt: Database.Statement<[string, string, Buffer, string]>;

  constructor(readonly file: string) {
    try {
      mkdirSync(dirname(file), { recursive: true });
      this.db = new Database(file);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("busy_timeout = 10000");
      this.db.pragma("synchronous = NORMAL");
      const version = this.db.pragma("user_version", { simple: true }) as number;
      if (version !== layerCacheSchema) {
        this.db.exec("DROP TABLE IF EXISTS layer_results");
        this.db.pragma(`user_version = ${layerCacheSchema}`);
      }
      this.db.exec(
        `CREATE TABLE IF NOT EXISTS layer_results (
           diff_id TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, stored_at TEXT NOT NULL,
           PRIMARY KEY (diff_id, key)) WITHOUT ROWID`,
      );
    } catch (e) {
      throw new DrydockError(
        "DRYDOCK_CONFIG_INVALID",
        `layer cache ${file}: cannot open: ${(e as Error).message}`,
        {
          hint: "remove the file or point --cache-dir elsewhere",
          cause: e,
        },
      );
    }
    this.getStmt = this.db.prepare("SELECT value FROM layer_results WHERE diff_id = ? AND key = ?");
    this.putStmt = this.db.prepare(
      "INSERT OR REPLACE INTO layer_results (diff_id, key, value, stored_at) VALUES (?, ?, ?, ?)",
    );
  }

  get(diffId: string, key: string): CachedLayerResult | undefined {
    const row = this.getStmt.get(diffId, key);
    if (!row) return undefined;
    try {
      return JSON.parse(gunzipSync(row.value).toString("utf8")) as CachedLayerResult;
    } catch {
      return undefined; // a damaged entry is a miss, and is overwritten by the next put
    }
  }

  put(diffId: string, key: string, result: CachedLayerResult): void {
    this.putStmt.run(diffId, key, gzipSync(JSON.stringify(result), { level: 1 }), new Date().toISOString());
  }

  close(): void {
    this.db.close();
  }
}
