import { DrydockError } from "../../model/index.js";
import type { SqliteDatabase } from "../sqlite/open-database.js";
import { currentSchemaVersion, requiredTables } from "../sqlite/schema.js";

/**
 * Checks a finished build before it may replace the published database: SQLite's own
 * integrity check, the schema version and tables, and that every provider still holds
 * exactly the rows counted when it was imported (catches a later import deleting or
 * merging into another provider's rows).
 * @throws DrydockError DRYDOCK_DB_CORRUPT naming the first problem found.
 */
export function verifyDatabase(db: SqliteDatabase, file: string): void {
  const fail = (why: string) => new DrydockError("DRYDOCK_DB_CORRUPT", `database build ${file}: ${why}`);
  const integrity = db.pragma("integrity_check", { simple: false }) as { integrity_check: string }[];
  if (integrity.length !== 1 || integrity[0]?.integrity_check !== "ok") {
    throw fail(
      `integrity check failed: ${integrity
        .map((r) => r.integrity_check)
        .slice(0, 3)
        .join("; ")}`,
    );
  }
  const version = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get();
  if (version !== currentSchemaVersion)
    throw fail(`schema version is ${String(version)}, not ${currentSchemaVersion}`);
  const tables = new Set(
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
  );
  for (const t of requiredTables) if (!tables.has(t)) throw fail(`table ${t} is missing`);
  const mismatches = db
    .prepare(
      `WITH adv AS (SELECT provider, count(*) AS n FROM advisories GROUP BY provider),
         k AS (SELECT provider, count(*) AS n FROM kev GROUP BY provider),
         e AS (SELECT provider, count(*) AS n FROM epss GROUP BY provider),
         counted AS (SELECT provider FROM adv UNION SELECT provider FROM k UNION SELECT provider FROM e)
       SELECT coalesce(p.id, c.provider) AS id FROM counted c
         LEFT JOIN providers p ON p.id = c.provider
         LEFT JOIN adv ON adv.provider = c.provider
         LEFT JOIN k ON k.provider = c.provider
         LEFT JOIN e ON e.provider = c.provider
       WHERE p.id IS NULL OR coalesce(adv.n, 0) <> p.advisory_count OR coalesce(k.n, 0) <> p.kev_count
         OR coalesce(e.n, 0) <> p.epss_count
       UNION
       SELECT id FROM providers WHERE (advisory_count > 0 AND id NOT IN (SELECT provider FROM adv))
         OR (kev_count > 0 AND id NOT IN (SELECT provider FROM k))
         OR (epss_count > 0 AND id NOT IN (SELECT provider FROM e))`,
    )
    .all() as { id: string }[];
  if (mismatches.length > 0)
    throw fail(`row counts of provider ${mismatches[0]!.id} changed after its import`);
  const orphans = db
    .prepare(
      `SELECT count(*) FROM affected WHERE advisory NOT IN (SELECT pk FROM advisories)
       UNION ALL SELECT count(*) FROM advisories WHERE provider NOT IN (SELECT id FROM providers)`,
    )
    .pluck()
    .all() as number[];
  if (orphans.some((n) => n > 0)) throw fail("rows without their advisory or provider");
}
