import type { Statement } from "better-sqlite3";
import type { Advisory, AffectedPackage, EpssScore, KevEntry } from "../../model/index.js";
import { normalisePackageName } from "../normalise-name.js";
import type { SqliteDatabase } from "./open-database.js";

/** Provenance written with a provider's rows. */
export interface ProviderProvenance {
  id: string;
  importer: string;
  importerVersion: string;
  source: string;
  fetchedAt: string;
  inputDigest: string;
}

/** Rows stored for one provider once its import is committed. */
export interface ProviderCounts {
  records: number;
  advisories: number;
  kev: number;
  epss: number;
  diagnostics: number;
}

/**
 * Writes normalised records into a build copy with prepared statements. One provider at a
 * time: `beginProvider` opens a transaction and drops the provider's previous rows, the
 * `add*` calls insert, `commitProvider` records provenance and counts and commits. A record
 * whose (provider, id) was already written in this import is merged into it (affected
 * entries added, aliases/severities/references/CWEs unioned), so feeds that list one CVE
 * per package (Alpine secdb, OVAL) stream without being grouped in memory first.
 */
export class AdvisoryWriter {
  readonly #db: SqliteDatabase;
  readonly #s: Record<string, Statement>;
  #provider: ProviderProvenance | undefined;
  /** Row keys of the advisories written for the open provider, by id. */
  readonly #pks = new Map<string, number>();
  // KEV and EPSS have no provider index (see schema.ts): scan them only for providers that use them.
  #wroteKev = false;
  #wroteEpss = false;

  constructor(db: SqliteDatabase) {
    this.#db = db;
    const p = (sql: string) => db.prepare(sql);
    const byProvider = "IN (SELECT pk FROM advisories WHERE provider = ?)";
    this.#s = {
      begin: p("BEGIN IMMEDIATE"),
      commit: p("COMMIT"),
      rollback: p("ROLLBACK"),
      delAffected: p(`DELETE FROM affected WHERE advisory ${byProvider}`),
      delAliases: p(`DELETE FROM aliases WHERE advisory ${byProvider}`),
      delSeverities: p(`DELETE FROM severities WHERE advisory ${byProvider}`),
      delCwes: p(`DELETE FROM cwes WHERE advisory ${byProvider}`),
      delRefs: p(`DELETE FROM refs WHERE advisory ${byProvider}`),
      delAdvisories: p("DELETE FROM advisories WHERE provider = ?"),
      delKev: p("DELETE FROM kev WHERE provider = ?"),
      delEpss: p("DELETE FROM epss WHERE provider = ?"),
      delProvider: p("DELETE FROM providers WHERE id = ?"),
      advisory:
        p(`INSERT INTO advisories (provider, id, summary, details, published, modified, withdrawn, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (provider, id) DO UPDATE SET
          summary = coalesce(summary, excluded.summary),
          details = coalesce(details, excluded.details),
          published = coalesce(published, excluded.published),
          modified = CASE WHEN excluded.modified > coalesce(modified, '') THEN excluded.modified ELSE modified END,
          withdrawn = coalesce(withdrawn, excluded.withdrawn),
          detail = coalesce(detail, excluded.detail)
        RETURNING pk`),
      alias: p("INSERT OR IGNORE INTO aliases (advisory, alias) VALUES (?, ?)"),
      severity: p(
        "INSERT OR IGNORE INTO severities (advisory, source, severity, cvss_version, vector, score) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      cwe: p("INSERT OR IGNORE INTO cwes (advisory, cwe) VALUES (?, ?)"),
      ref: p("INSERT OR IGNORE INTO refs (advisory, url, type) VALUES (?, ?, ?)"),
      affected:
        p(`INSERT INTO affected (advisory, ecosystem, distro, name, package_name, status, ranges, versions,
        fix_state, fix_versions, severity, note, module, name_kind, requirements)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      kev: p(`INSERT OR REPLACE INTO kev (cve, provider, vendor_project, product, name, date_added, due_date,
        ransomware, required_action) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      epss: p("INSERT OR REPLACE INTO epss (cve, provider, epss, percentile, date) VALUES (?, ?, ?, ?, ?)"),
      previous: p("SELECT kev_count, epss_count FROM providers WHERE id = ?"),
      countAdvisories: p("SELECT count(*) AS n FROM advisories WHERE provider = ?"),
      countKev: p("SELECT count(*) AS n FROM kev WHERE provider = ?"),
      countEpss: p("SELECT count(*) AS n FROM epss WHERE provider = ?"),
      provider: p(`INSERT INTO providers (id, importer, importer_version, source, fetched_at, input_digest,
        record_count, advisory_count, kev_count, epss_count, diagnostic_count, imported_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    };
  }

  /** Opens the provider's transaction and removes everything it wrote before. */
  beginProvider(provenance: ProviderProvenance): void {
    if (this.#provider) throw new Error(`provider ${this.#provider.id} is still open`);
    this.#s.begin!.run();
    this.#provider = provenance;
    this.#pks.clear();
    this.#wroteKev = false;
    this.#wroteEpss = false;
    const id = provenance.id;
    const previous = this.#s.previous!.get(id) as { kev_count: number; epss_count: number } | undefined;
    for (const k of ["delAffected", "delAliases", "delSeverities", "delCwes", "delRefs"]) this.#s[k]!.run(id);
    this.#s.delAdvisories!.run(id);
    if (previous?.kev_count) this.#s.delKev!.run(id);
    if (previous?.epss_count) this.#s.delEpss!.run(id);
    this.#s.delProvider!.run(id);
  }

  addAdvisory(a: Advisory): void {
    const provider = this.#open();
    const detail =
      a.related?.length || a.cpeConfigurations?.length
        ? JSON.stringify({ related: a.related, cpeConfigurations: a.cpeConfigurations })
        : null;
    let pk = this.#pks.get(a.id);
    // A repeat with no advisory-level fields (secdb lists a CVE once per package) needs no upsert.
    const hasFields = a.summary ?? a.details ?? a.published ?? a.modified ?? a.withdrawn ?? detail;
    if (pk === undefined || hasFields) {
      pk = (
        this.#s.advisory!.get(
          provider,
          a.id,
          a.summary ?? null,
          a.details ?? null,
          a.published ?? null,
          a.modified ?? null,
          a.withdrawn ?? null,
          detail,
        ) as { pk: number }
      ).pk;
      this.#pks.set(a.id, pk);
    }
    for (const alias of a.aliases) if (alias && alias !== a.id) this.#s.alias!.run(pk, alias);
    for (const s of a.severities) {
      this.#s.severity!.run(pk, s.source, s.severity, s.cvssVersion ?? "", s.vector ?? "", s.score ?? null);
    }
    for (const cwe of a.cwes ?? []) this.#s.cwe!.run(pk, cwe);
    for (const r of a.references) if (r.url) this.#s.ref!.run(pk, r.url, r.type ?? null);
    for (const af of a.affected) this.#addAffected(pk, af);
  }

  addKev(k: KevEntry): void {
    const provider = this.#open();
    this.#wroteKev = true;
    this.#s.kev!.run(
      k.cve,
      provider,
      k.vendorProject ?? null,
      k.product ?? null,
      k.name ?? null,
      k.dateAdded,
      k.dueDate ?? null,
      k.knownRansomwareCampaignUse ?? null,
      k.requiredAction ?? null,
    );
  }

  addEpss(e: EpssScore): void {
    const provider = this.#open();
    this.#wroteEpss = true;
    this.#s.epss!.run(e.cve, provider, e.epss, e.percentile, e.date ?? null);
  }

  /** Writes the provider row with its counts and commits the provider's transaction. */
  commitProvider(
    records: number,
    diagnostics: number,
    importedAt = new Date().toISOString(),
  ): ProviderCounts {
    const p = this.#provider;
    if (!p) throw new Error("no provider is open");
    const n = (k: string) => (this.#s[k]!.get(p.id) as { n: number }).n;
    const counts: ProviderCounts = {
      records,
      advisories: n("countAdvisories"),
      kev: this.#wroteKev ? n("countKev") : 0,
      epss: this.#wroteEpss ? n("countEpss") : 0,
      diagnostics,
    };
    this.#s.provider!.run(
      p.id,
      p.importer,
      p.importerVersion,
      p.source,
      p.fetchedAt,
      p.inputDigest,
      counts.records,
      counts.advisories,
      counts.kev,
      counts.epss,
      counts.diagnostics,
      importedAt,
    );
    this.#s.commit!.run();
    this.#provider = undefined;
    this.#pks.clear();
    return counts;
  }

  /** Drops everything written since `beginProvider`; the previous rows come back. */
  rollbackProvider(): void {
    if (!this.#provider) return;
    this.#provider = undefined;
    this.#pks.clear();
    if (this.#db.inTransaction) this.#s.rollback!.run();
  }

  #open(): string {
    if (!this.#provider) throw new Error("no provider is open");
    return this.#provider.id;
  }

  #addAffected(pk: number, af: AffectedPackage): void {
    this.#s.affected!.run(
      pk,
      af.ecosystem,
      af.distro ?? null,
      normalisePackageName(af.ecosystem, af.name),
      af.name,
      af.status,
      JSON.stringify(af.ranges),
      af.versions?.length ? JSON.stringify(af.versions) : null,
      af.fix.state,
      JSON.stringify(af.fix.versions),
      af.severity ? JSON.stringify(af.severity) : null,
      af.note ?? null,
      af.module ?? null,
      af.nameKind ?? null,
      af.requirements ? JSON.stringify(af.requirements) : null,
    );
  }
}
