import type { Advisory, AffectedPackage, EpssScore, KevEntry } from "../model/index.js";

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

/**
 * One affected entry of one advisory found for one query, with only the advisory's identity:
 * what a matcher needs to judge it. The advisory's detail is loaded afterwards, by `ref`,
 * for the entries that matter (see {@link AdvisoryReader.advisories}).
 */
export interface AffectedCandidate {
  /** Index of the query (in the array given to `candidates`) this entry answers. */
  query: number;
  /**
   * The store's handle of the advisory, for `advisories()`. Opaque; valid for the reader
   * that returned it while it stays open (one snapshot of the store).
   */
  ref: number;
  /**
   * The advisory's identity, one object per advisory per call (shared by all its entries):
   * `withdrawn` is only ever set when withdrawn advisories were asked for.
   */
  advisory: Pick<Advisory, "id" | "provider" | "withdrawn">;
  affected: AffectedPackage;
}

/** Parts of an advisory a caller may leave out of a load, because each costs rows to read and decode. */
export type AdvisoryPart = "affected" | "references" | "cpeConfigurations";

export interface LoadOptions {
  /**
   * Parts to leave out; they come back empty (`affected: []`, `references: []`, no
   * `cpeConfigurations`), so the advisory is then a partial view: pass it on only to code
   * that reads nothing it lacks.
   */
  omit?: readonly AdvisoryPart[];
}

export interface ByIdsOptions extends LoadOptions {
  /**
   * Only advisories of these providers; an entry matches the provider of that id and every
   * provider under it (`nvd` matches `nvd`, `nvd:2016`, `nvd:modified`).
   */
  providers?: readonly string[];
  /** Also find advisories that name an id as an alias (default true, as `byId`). */
  aliases?: boolean;
  /**
   * Also find advisories that list an id among their OSV `related` ids (AlmaLinux errata
   * name the CVEs they fix there). Default false: `related` has no index, so this reads
   * every stored record (~0.1 s on the full database), fine for one lookup (`byId`), not
   * for the batches a scan sends.
   */
  related?: boolean;
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
   * The narrow form of `find`, for matching a whole SBOM: every affected entry for every
   * query, with only the advisory's identity, ordered by query, advisory id, provider, then
   * the entries' stored order (the order `find` groups them in). Withdrawn advisories are
   * left out unless asked. One round trip per batch (a fixed number of statements), whatever
   * its size; `find` is this plus `advisories` for every advisory found.
   */
  candidates(queries: readonly AdvisoryQuery[], options?: FindOptions): Promise<AffectedCandidate[]>;
  /**
   * The advisories with the given `ref`s (from `candidates`), with their detail, in a fixed
   * number of statements whatever the number of refs. Unknown refs are absent from the map.
   */
  advisories(refs: readonly number[], options?: LoadOptions): Promise<Map<number, Advisory>>;
  /**
   * Advisories whose id, one of whose aliases or one of whose OSV `related` ids is
   * `idOrAlias` (case-insensitive), from every provider, withdrawn ones included.
   */
  byId(idOrAlias: string): Promise<AdvisoryDetail[]>;
  /**
   * The batched form of `byId` without KEV and EPSS: the advisories whose id (or, unless
   * `aliases: false`, one of whose aliases) is one of `ids`, case-insensitively, withdrawn
   * ones included, each once, ordered by id then provider.
   */
  byIds(ids: readonly string[], options?: ByIdsOptions): Promise<Advisory[]>;
  /** KEV entries and EPSS scores for a batch of CVE ids (one round trip). */
  enrichment(cves: readonly string[]): Promise<Map<string, { kev?: KevEntry; epss?: EpssScore }>>;
  close(): void;
}
