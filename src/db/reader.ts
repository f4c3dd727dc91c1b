import type { Advisory, EpssScore, KevEntry } from "../model/index.js";

/**
 * One lookup key: an ecosystem (purl type) plus, for OS packages, the distro key, and the
 * package name as the SBOM spells it (the store normalises it, see normalisePackageName).
 */
export interface AdvisoryQuery {
  ecosystem: string;
  /** Distro key (`alpine:3.19`, `debian:12`); absent for language ecosystems. */
  distro?: string;
  name: string;
}

/** An advisory with the enrichment known for its CVE ids. */
export interface AdvisoryDetail {
  advisory: Advisory;
  /** KEV entries for the advisory id and its CVE aliases (usually zero or one). */
  kev: KevEntry[];
  /** EPSS scores for the advisory id and its CVE aliases. */
  epss: EpssScore[];
}

/** A candidate for one query: `advisory.affected` holds only the entries that matched it. */
export interface AdvisoryHit extends AdvisoryDetail {
  /** Index of the query (in the array given to `find`) this hit answers. */
  query: number;
}

/** Provenance of one provider's data, as stored when it was imported. */
export interface ProviderInfo {
  /** Provider id (`osv:Go`, `alpine-secdb`, `kev`, `nvd:2016`). */
  id: string;
  /** Importer id that parsed it (`osv`, `alpine-secdb`, ...). */
  importer: string;
  importerVersion: string;
  /** URL(s) or absolute path of the input. */
  source: string;
  /** When the raw input was fetched (for a local import: the newest input file's mtime). */
  fetchedAt: string;
  importedAt: string;
  /** `sha256:<hex>` over the raw input bytes. */
  inputDigest: string;
  /** Input records as the feed counts them (OSV documents, secdb package entries, ...). */
  records: number;
  /** Rows stored for it: advisories, KEV entries, EPSS scores. */
  advisories: number;
  kev: number;
  epss: number;
  /** Malformed records skipped with a diagnostic. */
  diagnostics: number;
}

/** What `db status` shows: the schema, when the file was built, and every provider. */
export interface DbMetadata {
  path: string;
  schemaVersion: string;
  builtAt: string;
  /** drydock version that built the file. */
  builtBy: string;
  providers: ProviderInfo[];
}

export interface FindOptions {
  /** Include withdrawn advisories (excluded by default). */
  includeWithdrawn?: boolean;
}

/**
 * Read access to the advisory store. Implementations answer a whole batch of queries (all
 * packages of one SBOM) in one round trip to the store, never one query per package.
 * Readers see one consistent snapshot: a database rebuilt meanwhile is swapped in by rename,
 * and an open reader keeps the file it opened.
 */
export interface AdvisoryReader {
  metadata(): Promise<DbMetadata>;
  /** Candidates for every query, in query order; withdrawn advisories are left out unless asked. */
  find(queries: readonly AdvisoryQuery[], options?: FindOptions): Promise<AdvisoryHit[]>;
  /**
   * Advisories whose id or one of whose aliases is `idOrAlias` (case-insensitive), from
   * every provider, withdrawn ones included.
   */
  byId(idOrAlias: string): Promise<AdvisoryDetail[]>;
  /** KEV entries and EPSS scores for a batch of CVE ids (one round trip). */
  enrichment(cves: readonly string[]): Promise<Map<string, { kev?: KevEntry; epss?: EpssScore }>>;
  close(): void;
}
