import type { Statement } from "better-sqlite3";
import type { EpssScore, KevEntry } from "../../model/index.js";
import { normalisePackageName } from "../normalise-name.js";
import type {
  AdvisoryDetail,
  AdvisoryHit,
  AdvisoryQuery,
  AdvisoryReader,
  DbMetadata,
  FindOptions,
  ProviderInfo,
} from "../reader.js";
import {
  type AdvisoryRow,
  advisoryColumns,
  affectedAggregate,
  decodeAdvisoryRow,
  kevFromTuple,
} from "./advisory-rows.js";
import { openForReading, type SqliteDatabase } from "./open-database.js";

/**
 * Batched lookup: the queries travel as one JSON array, are joined against the
 * (ecosystem, distro, name) index, grouped per (query, advisory), and every child row comes
 * back aggregated: one statement per batch, whatever its size.
 */
const findSql = `
WITH q AS MATERIALIZED (
  SELECT CAST(key AS INTEGER) AS idx, value ->> '$[0]' AS ecosystem, value ->> '$[1]' AS distro,
         value ->> '$[2]' AS name
  FROM json_each(@queries)
),
h AS (
  SELECT q.idx, af.* FROM q CROSS JOIN affected af
  WHERE af.ecosystem = q.ecosystem AND af.distro IS q.distro AND af.name = q.name
)
SELECT h.idx, ${affectedAggregate} AS affected, ${advisoryColumns}
FROM h JOIN advisories a ON a.pk = h.advisory
WHERE @withdrawn OR a.withdrawn IS NULL
GROUP BY h.idx, a.pk
ORDER BY h.idx, a.id, a.provider`;

const byIdSql = `
WITH hits(pk) AS (
  SELECT pk FROM advisories WHERE id = @id COLLATE NOCASE
  UNION SELECT advisory FROM aliases WHERE alias = @id COLLATE NOCASE
)
SELECT (SELECT ${affectedAggregate} FROM affected h WHERE h.advisory = a.pk) AS affected, ${advisoryColumns}
FROM hits JOIN advisories a ON a.pk = hits.pk
ORDER BY a.id, a.provider`;

const enrichmentSql = `
SELECT j.value AS cve,
  CASE WHEN k.cve IS NULL THEN NULL ELSE json_array(k.cve, k.vendor_project, k.product, k.name, k.date_added,
    k.due_date, k.ransomware, k.required_action) END AS kev,
  e.epss, e.percentile, e.date
FROM json_each(@cves) j LEFT JOIN kev k ON k.cve = j.value LEFT JOIN epss e ON e.cve = j.value`;

/** The SQLite implementation of {@link AdvisoryReader}. */
export class SqliteAdvisoryReader implements AdvisoryReader {
  readonly #db: SqliteDatabase;
  readonly #file: string;
  readonly #find: Statement;
  readonly #byId: Statement;
  readonly #enrichment: Statement;

  /** @throws DrydockError DRYDOCK_DB_MISSING | DRYDOCK_DB_CORRUPT | DRYDOCK_DB_SCHEMA */
  constructor(file: string) {
    this.#file = file;
    this.#db = openForReading(file);
    try {
      this.#find = this.#db.prepare(findSql);
      this.#byId = this.#db.prepare(byIdSql);
      this.#enrichment = this.#db.prepare(enrichmentSql);
    } catch (e) {
      this.#db.close();
      throw e;
    }
  }

  async metadata(): Promise<DbMetadata> {
    return readMetadata(this.#db, this.#file);
  }

  async find(queries: readonly AdvisoryQuery[], options: FindOptions = {}): Promise<AdvisoryHit[]> {
    if (queries.length === 0) return [];
    const keys = queries.map((q) => [
      q.ecosystem,
      q.distro ?? null,
      normalisePackageName(q.ecosystem, q.name),
    ]);
    const rows = this.#find.all({
      queries: JSON.stringify(keys),
      withdrawn: options.includeWithdrawn ? 1 : 0,
    }) as (AdvisoryRow & {
      idx: number;
    })[];
    return rows.map((row) => ({ query: row.idx, ...decodeAdvisoryRow(row) }));
  }

  async byId(idOrAlias: string): Promise<AdvisoryDetail[]> {
    return (this.#byId.all({ id: idOrAlias.trim() }) as AdvisoryRow[]).map(decodeAdvisoryRow);
  }

  async enrichment(cves: readonly string[]): Promise<Map<string, { kev?: KevEntry; epss?: EpssScore }>> {
    const out = new Map<string, { kev?: KevEntry; epss?: EpssScore }>();
    if (cves.length === 0) return out;
    const rows = this.#enrichment.all({ cves: JSON.stringify([...new Set(cves)]) }) as {
      cve: string;
      kev: string | null;
      epss: number | null;
      percentile: number | null;
      date: string | null;
    }[];
    for (const r of rows) {
      const entry: { kev?: KevEntry; epss?: EpssScore } = {};
      if (r.kev) entry.kev = kevFromTuple(JSON.parse(r.kev) as (string | null)[]);
      if (r.epss !== null) {
        entry.epss = { cve: r.cve, epss: r.epss, percentile: r.percentile ?? 0 };
        if (r.date) entry.epss.date = r.date;
      }
      if (entry.kev || entry.epss) out.set(r.cve, entry);
    }
    return out;
  }

  close(): void {
    this.#db.close();
  }
}

/** Reads `meta` and the providers table (shared by the reader and the build check). */
export function readMetadata(db: SqliteDatabase, file: string): DbMetadata {
  const meta = new Map(
    (db.prepare("SELECT key, value FROM meta").all() as { key: string; value: string }[]).map((r) => [
      r.key,
      r.value,
    ]),
  );
  const providers = (
    db
      .prepare(
        `SELECT id, importer, importer_version, source, fetched_at, imported_at, input_digest, record_count,
          advisory_count, kev_count, epss_count, diagnostic_count FROM providers ORDER BY id`,
      )
      .all() as Record<string, string | number>[]
  ).map(
    (r): ProviderInfo => ({
      id: String(r.id),
      importer: String(r.importer),
      importerVersion: String(r.importer_version),
      source: String(r.source),
      fetchedAt: String(r.fetched_at),
      importedAt: String(r.imported_at),
      inputDigest: String(r.input_digest),
      records: Number(r.record_count),
      advisories: Number(r.advisory_count),
      kev: Number(r.kev_count),
      epss: Number(r.epss_count),
      diagnostics: Number(r.diagnostic_count),
    }),
  );
  return {
    path: file,
    schemaVersion: meta.get("schema_version") ?? "",
    builtAt: meta.get("built_at") ?? "",
    builtBy: meta.get("built_by") ?? "",
    providers,
  };
}

/**
 * Opens the advisory database at `file` for reading.
 * @throws DrydockError DRYDOCK_DB_MISSING | DRYDOCK_DB_CORRUPT | DRYDOCK_DB_SCHEMA
 */
export function openAdvisoryReader(file: string): AdvisoryReader {
  return new SqliteAdvisoryReader(file);
}
