import type { SeverityRating } from "./severity.js";

/** Version scheme ids (src/versioning registers one per id). */
export type SchemeId =
  | "dpkg"
  | "rpm"
  | "apk"
  | "pep440"
  | "semver"
  | "maven"
  | "gem"
  | "golang"
  | "nuget"
  | "composer"
  | "cargo";

/**
 * One typed range event set, as OSV defines them: affected from `introduced` (inclusive;
 * absent or "0" = from the beginning) up to `fixed` (exclusive) or `lastAffected`
 * (inclusive). Never packed into strings. `scheme` says how to order its versions; `git`
 * ranges are kept but never matched.
 */
export interface VersionRange {
  scheme: SchemeId | "git" | "ecosystem";
  introduced?: string;
  fixed?: string;
  lastAffected?: string;
  /** An upper limit that is not a fix (OSV `limit`). */
  limit?: string;
  /** For git ranges: the repository URL. */
  repo?: string;
}

export type FixState = "fixed" | "not-fixed" | "wont-fix" | "fix-deferred" | "end-of-life" | "unknown";

/** What an advisory says about one package in one ecosystem or distro release. */
export interface AffectedPackage {
  /** Ecosystem id (purl type: `npm`, `pypi`, `deb`, `rpm`, `apk`, ...). */
  ecosystem: string;
  /** Distro key for OS packages (`debian:12`, `alpine:3.19`, `rocky:9`, `ubuntu:22.04`). */
  distro?: string;
  /** Package name as the feed keys it (source package for distros). */
  name: string;
  /** `not-affected`: the vendor states the package is not affected (first-class data). */
  status: "affected" | "not-affected";
  ranges: VersionRange[];
  /** Explicitly listed affected versions (OSV `versions`). */
  versions?: string[];
  fix: { state: FixState; versions: string[] };
  /** Vendor's own severity for this package/release, when it gives one. */
  severity?: SeverityRating;
  /** Vendor's free-text note (Debian "unimportant", Red Hat "Will not fix", ...). */
  note?: string;
  /** rpm modularity stream (`nodejs:18`), when the advisory is scoped to one. */
  module?: string;
}

export interface Reference {
  url: string;
  type?: string;
}

/** One advisory record from one provider, normalised. */
export interface Advisory {
  id: string;
  aliases: string[];
  /** Related but not identical ids (OSV `related`). */
  related?: string[];
  /** Provider id the record came from (`osv-go`, `alpine-secdb`, `debian-oval`). */
  provider: string;
  summary?: string;
  details?: string;
  severities: SeverityRating[];
  cwes?: string[];
  references: Reference[];
  published?: string;
  modified?: string;
  withdrawn?: string;
  affected: AffectedPackage[];
}

/** Enrichment rows: KEV and EPSS are keyed by CVE id. */
export interface KevEntry {
  cve: string;
  vendorProject?: string;
  product?: string;
  name?: string;
  dateAdded: string;
  dueDate?: string;
  knownRansomwareCampaignUse?: string;
  requiredAction?: string;
}

export interface EpssScore {
  cve: string;
  epss: number;
  percentile: number;
  date?: string;
}
