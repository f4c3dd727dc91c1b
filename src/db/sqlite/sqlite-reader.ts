import type { Statement } from "better-sqlite3";
import { type Advisory, DrydockError, type EpssScore, type KevEntry } from "../../model/index.js";
import { normalisePackageName } from "../normalise-name.js";
import type {
  AdvisoryDetail,
  AdvisoryHit,
  AdvisoryQuery,
  AdvisoryReader,
  AffectedCandidate,
  ByIdsOptions,
  DbMetadata,
  FindOptions,
  LoadOptions,
  ProviderInfo,
} from "../reader.js";
import {
  type AdvisoryParts,
  assembleAdvisories,
  type CandidateTuple,
  candidatesSql,
  decodeAffected,
  type EnrichmentTuple,
  enrichmentSql,
  epssFromTuple,
  type HeadTuple,
  headsSql,
  type IdentityTuple,
  identitiesSql,
  kevFromTuple,
  orderCandidates,
  parseRows,
  partsSql,
  refsByIdsSql,
} from "./advisory-rows.js";
import { buildDbHint, openForReading, type SqliteDatabase } from "./open-database.js";

type PartName = keyof typeof partsSql;
type Exploitation = { kev?: KevEntry; epss?: EpssScore };

/**
 * The SQLite implementation of {@link AdvisoryReader}. Every method runs a fixed set of
 * statements prepared once, whatever the size of the batch: matching an SBOM is two
 * statements per batch of queries for the candidates (the affected entries, then the
 * identity of their advisories) and at most six for the detail of the advisories that
 * produced findings.
 */
export class SqliteAdvisoryReader implements AdvisoryReader {
  readonly #db: SqliteDatabase;
  readonly #file: string;
  readonly #candidates: Statement;
  readonly #identities: Statement;
  readonly #heads: Statement;
  readonly #parts: Record<PartName, Statement>;
  readonly #refsByIds: Statement;
  readonly #enrichment: Statement;

  /** @throws DrydockError DRYDOCK_DB_MISSING | DRYDOCK_DB_CORRUPT | DRYDOCK_DB_SCHEMA */
  constructor(file: string) {
    this.#file = file;
    this.#db = openForReading(file);
    try {
      this.#candidates = this.#db.prepare(candidatesSql);
      this.#identities = this.#db.prepare(identitiesSql);
      this.#heads = this.#db.prepare(headsSql);
      this.#parts = {
        aliases: this.#db.prepare(partsSql.aliases),
        severities: this.#db.prepare(partsSql.severities),
        cwes: this.#db.prepare(partsSql.cwes),
        references: this.#db.prepare(partsSql.references),
        affected: this.#db.prepare(partsSql.affected),
      };
      this.#refsByIds = this.#db.prepare(refsByIdsSql);
      this.#enrichment = this.#db.prepare(enrichmentSql);
    } catch (e) {
      this.#db.close();
      throw e;
    }
  }

  async metadata(): Promise<DbMetadata> {
    return readMetadata(this.#db, this.#file);
  }

  async candidates(
    queries: readonly AdvisoryQuery[],
    options: FindOptions = {},
  ): Promise<AffectedCandidate[]> {
    return this.#selectCandidates(queries, options);
  }

  async find(queries: readonly AdvisoryQuery[], options: FindOptions = {}): Promise<AdvisoryHit[]> {
    const candidates = this.#selectCandidates(queries, options);
    const details = this.#load(
      candidates.map((c) => c.ref),
      ["affected"],
    );
    const exploitation = this.#exploitation([...details.values()].flatMap((a) => [a.id, ...a.aliases]));
    const hits: AdvisoryHit[] = [];
    let last: AffectedCandidate | undefined;
    for (const c of candidates) {
      if (last?.query === c.query && last.ref === c.ref) {
        hits.at(-1)!.advisory.affected.push(c.affected);
      } else {
        const advisory = details.get(c.ref)!;
        hits.push({
          query: c.query,
          advisory: { ...advisory, affected: [c.affected] },
          ...exploitationOf(advisory, exploitation),
        });
      }
      last = c;
    }
    return hits;
  }

  async advisories(refs: readonly number[], options: LoadOptions = {}): Promise<Map<number, Advisory>> {
    return this.#load(refs, options.omit ?? []);
  }

  async byId(idOrAlias: string): Promise<AdvisoryDetail[]> {
    const advisories = this.#byIds([idOrAlias.trim()], { related: true });
    const exploitation = this.#exploitation(advisories.flatMap((a) => [a.id, ...a.aliases]));
    return advisories.map((advisory) => ({ advisory, ...exploitationOf(advisory, exploitation) }));
  }

  async byIds(ids: readonly string[], options: ByIdsOptions = {}): Promise<Advisory[]> {
    return this.#byIds(ids, options);
  }

  async enrichment(cves: readonly string[]): Promise<Map<string, Exploitation>> {
    return this.#exploitation(cves);
  }

  close(): void {
    this.#db.close();
  }

  #selectCandidates(queries: readonly AdvisoryQuery[], options: FindOptions): AffectedCandidate[] {
    if (queries.length === 0) return [];
    const keys = queries
      .map((q, i): [number, string, string | null, string] => [
        i,
        q.ecosystem,
        q.distro ?? null,
        normalisePackageName(q.ecosystem, q.name),
      ])
      .sort(compareKeys);
    const rows = this.#rows<CandidateTuple>(this.#candidates, { queries: JSON.stringify(keys) });
    const refs = new Set<number>();
    for (let i = 0; i < rows.length; i++) refs.add(rows[i]![1]);
    // One identity object per advisory, shared by all its entries; withdrawn ones are absent.
    const identities = new Map<number, AffectedCandidate["advisory"]>();
    const found = this.#rows<IdentityTuple>(this.#identities, {
      refs: JSON.stringify([...refs]),
      withdrawn: options.includeWithdrawn ? 1 : 0,
    });
    for (let i = 0; i < found.length; i++) {
      const [pk, provider, id, withdrawn] = found[i]!;
      identities.set(pk, withdrawn === null ? { id, provider } : { id, provider, withdrawn });
    }
    const candidates: AffectedCandidate[] = [];
    const rowids: number[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const advisory = identities.get(row[1]);
      if (advisory === undefined) continue;
      const query = queries[row[0]]!;
      candidates.push({
        query: row[0],
        ref: row[1],
        advisory,
        affected: decodeAffected(query.ecosystem, query.distro ?? null, row, 3),
      });
      rowids.push(row[2]);
    }
    return orderCandidates(candidates, rowids, queries.length);
  }

  #load(refs: readonly number[], omit: readonly string[]): Map<number, Advisory> {
    const unique = [...new Set(refs)];
    if (unique.length === 0) return new Map();
    const params = { refs: JSON.stringify(unique) };
    const part = <K extends PartName>(name: K): AdvisoryParts[K] =>
      (omit.includes(name) ? [] : this.#rows(this.#parts[name], params)) as AdvisoryParts[K];
    const heads = this.#rows<HeadTuple>(this.#heads, {
      ...params,
      cpe: omit.includes("cpeConfigurations") ? 0 : 1,
    });
    return assembleAdvisories(heads, {
      aliases: part("aliases"),
      severities: part("severities"),
      cwes: part("cwes"),
      references: part("references"),
      affected: part("affected"),
    });
  }

  #byIds(ids: readonly string[], options: ByIdsOptions): Advisory[] {
    if (ids.length === 0) return [];
    const refs = this.#rows<number>(this.#refsByIds, {
      ids: JSON.stringify(sortedUnique(ids)),
      aliases: options.aliases === false ? 0 : 1,
      related: options.related ? 1 : 0,
      providers: options.providers ? JSON.stringify(options.providers) : null,
    });
    const loaded = this.#load(refs, options.omit ?? []);
    return refs.map((ref) => loaded.get(ref)!);
  }

  /**
   * Runs one batch statement and parses its JSON answer.
   * @throws DrydockError DRYDOCK_DB_CORRUPT when stored JSON is malformed (the database was
   *   damaged or not written by drydock).
   */
  #rows<T>(statement: Statement, params: Record<string, unknown>): T[] {
    try {
      return parseRows<T>(statement.get(params));
    } catch (e) {
      if (e instanceof SyntaxError || (e instanceof Error && /malformed JSON/i.test(e.message))) {
        throw new DrydockError(
          "DRYDOCK_DB_CORRUPT",
          `database ${this.#file}: unreadable advisory rows: ${e.message}`,
          {
            cause: e,
            hint: buildDbHint,
          },
        );
      }
      throw e;
    }
  }

  /** KEV and EPSS per id, in the order the ids were given (the ids that have any). */
  #exploitation(cves: readonly string[]): Map<string, Exploitation> {
    if (cves.length === 0) return new Map();
    const rows = this.#rows<EnrichmentTuple>(this.#enrichment, { cves: JSON.stringify(sortedUnique(cves)) });
    const known = new Map<string, Exploitation>();
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const entry: Exploitation = {};
      if (row[1]) entry.kev = kevFromTuple(row[1]);
      if (row[2] !== null) entry.epss = epssFromTuple(row[0], row[2], row[3], row[4]);
      known.set(row[0], entry);
    }
    const out = new Map<string, Exploitation>();
    for (const cve of cves) {
      const entry = known.get(cve);
      if (entry !== undefined && !out.has(cve)) out.set(cve, entry);
    }
    return out;
  }
}

/** Orders query keys `[index, ecosystem, distro, name]` as the (ecosystem, distro, name) index does. */
function compareKeys(
  x: [number, string, string | null, string],
  y: [number, string, string | null, string],
): number {
  for (let k = 1; k < 4; k++) {
    const a = x[k] ?? "";
    const b = y[k] ?? "";
    if (a !== b) return a < b ? -1 : 1;
  }
  return x[0] - y[0];
}

/**
 * The keys of a batch lookup, each once and in order: index seeks in key order touch each
 * B-tree page once, where the same seeks in random order keep evicting and re-reading them.
 */
function sortedUnique(keys: readonly string[]): string[] {
  return [...new Set(keys)].sort();
}

/** KEV entries and EPSS scores for an advisory's id and aliases, in CVE order. */
function exploitationOf(
  advisory: Advisory,
  known: ReadonlyMap<string, Exploitation>,
): { kev: KevEntry[]; epss: EpssScore[] } {
  const ids = [...new Set([advisory.id, ...advisory.aliases])].sort();
  const kev: KevEntry[] = [];
  const epss: EpssScore[] = [];
  for (const id of ids) {
    const e = known.get(id);
    if (e?.kev) kev.push(e.kev);
    if (e?.epss) epss.push(e.epss);
  }
  return { kev, epss };
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
