import type BetterSqlite3 from "better-sqlite3";

/** The schema version this drydock writes (SchemaVer, see schema-version.ts). */
export const currentSchemaVersion = "1.0.1";

/** One step that brings a database to version `to`; applied in order inside one transaction. */
export interface Migration {
  to: string;
  description: string;
  up(db: BetterSqlite3.Database): void;
}

/**
 * Version 1.0.0. Narrow indexed tables for lookups, JSON text columns for bulky detail.
 * `advisories.pk` is the internal row key the child tables point to; `(provider, id)` is the
 * advisory's identity. Affected names are stored normalised (`name`) and as the feed wrote
 * them (`package_name`). Empty strings stand for "absent" in primary-key columns of
 * `severities`, because NULLs never collide in a SQLite key. KEV and EPSS rows are few
 * providers' and read by CVE only: no provider index (it would cost EPSS a third of its size).
 */
const schemaV1 = `
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE providers (
  id TEXT PRIMARY KEY,
  importer TEXT NOT NULL,
  importer_version TEXT NOT NULL,
  source TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  input_digest TEXT NOT NULL,
  record_count INTEGER NOT NULL,
  advisory_count INTEGER NOT NULL DEFAULT 0,
  kev_count INTEGER NOT NULL DEFAULT 0,
  epss_count INTEGER NOT NULL DEFAULT 0,
  diagnostic_count INTEGER NOT NULL DEFAULT 0,
  imported_at TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE advisories (
  pk INTEGER PRIMARY KEY,
  provider TEXT NOT NULL,
  id TEXT NOT NULL,
  summary TEXT,
  details TEXT,
  published TEXT,
  modified TEXT,
  withdrawn TEXT,
  detail TEXT,
  UNIQUE (provider, id)
);
CREATE INDEX advisories_by_id ON advisories (id COLLATE NOCASE);

CREATE TABLE aliases (
  advisory INTEGER NOT NULL,
  alias TEXT NOT NULL,
  PRIMARY KEY (advisory, alias)
) WITHOUT ROWID;
CREATE INDEX aliases_by_alias ON aliases (alias COLLATE NOCASE);

CREATE TABLE affected (
  advisory INTEGER NOT NULL,
  ecosystem TEXT NOT NULL,
  distro TEXT,
  name TEXT NOT NULL,
  package_name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('affected', 'not-affected')),
  ranges TEXT NOT NULL,
  versions TEXT,
  fix_state TEXT NOT NULL,
  fix_versions TEXT NOT NULL,
  severity TEXT,
  note TEXT,
  module TEXT
);
CREATE INDEX affected_by_package ON affected (ecosystem, distro, name);
CREATE INDEX affected_by_advisory ON affected (advisory);

CREATE TABLE severities (
  advisory INTEGER NOT NULL,
  source TEXT NOT NULL,
  severity TEXT NOT NULL,
  cvss_version TEXT NOT NULL DEFAULT '',
  vector TEXT NOT NULL DEFAULT '',
  score REAL,
  PRIMARY KEY (advisory, source, cvss_version, vector, severity)
) WITHOUT ROWID;

CREATE TABLE cwes (
  advisory INTEGER NOT NULL,
  cwe TEXT NOT NULL,
  PRIMARY KEY (advisory, cwe)
) WITHOUT ROWID;

CREATE TABLE refs (
  advisory INTEGER NOT NULL,
  url TEXT NOT NULL,
  type TEXT,
  PRIMARY KEY (advisory, url)
) WITHOUT ROWID;

CREATE TABLE kev (
  cve TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  vendor_project TEXT,
  product TEXT,
  name TEXT,
  date_added TEXT NOT NULL,
  due_date TEXT,
  ransomware TEXT,
  required_action TEXT
) WITHOUT ROWID;

CREATE TABLE epss (
  cve TEXT PRIMARY KEY,
  provider TEXT NOT NULL,
  epss REAL NOT NULL,
  percentile REAL NOT NULL,
  date TEXT
) WITHOUT ROWID;
`;

/** Every migration, oldest first. A new schema version appends one entry here. */
export const migrations: readonly Migration[] = [
  { to: "1.0.0", description: "initial advisory store", up: (db) => db.exec(schemaV1) },
  {
    to: "1.0.1",
    description:
      "affected: what the package name is (source or binary) and unflattenable requirement strings",
    up: (db) =>
      db.exec(`ALTER TABLE affected ADD COLUMN name_kind TEXT;
               ALTER TABLE affected ADD COLUMN requirements TEXT;`),
  },
];

/** Tables a drydock database of the current model must have (checked after a build). */
export const requiredTables = [
  "meta",
  "providers",
  "advisories",
  "aliases",
  "affected",
  "severities",
  "cwes",
  "refs",
  "kev",
  "epss",
] as const;
