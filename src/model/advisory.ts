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
  /**
   * What `name` denotes for OS packages: `source` (deb Source, SRPM name: Debian, Azure Linux)
   * or `binary` (the installed package's own name: Ubuntu USN OVAL, Red Hat and Rocky OVAL).
   * Absent: the feed does not say; matchers assume `source` for distro feeds.
   */
  nameKind?: "source" | "binary";
  /**
   * Version requirements exactly as the feed writes them, kept when they cannot be flattened
   * into `ranges` events without changing their meaning (an exclusive lower bound `> 1.0`,
   * `!= 1.2`, `<= x` inside a complement). When present it is authoritative and `ranges` is
   * empty: the package is affected when its version satisfies any `affected` requirement
   * (all of them, when `affected` is absent) and none of the `unaffected` ones. Each string
   * is one requirement in the scheme's native syntax (gem `">= 1.2, < 1.3"`, composer
   * `">1.0,<1.2.3"`, npm `">=1.0.0 <1.2.3 || 2.x"`), checked with `satisfies(scheme, v, req)`.
   */
  requirements?: { scheme: SchemeId; affected?: string[]; unaffected?: string[] };
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
  /** NVD applicability statements (CVE API 2.0 `configurations`), kept for CPE matching. */
  cpeConfigurations?: CpeConfiguration[];
}

/** One NVD configuration: nodes combined by `operator` (AND for "running on/with"). */
export interface CpeConfiguration {
  operator?: "AND" | "OR";
  negate?: boolean;
  nodes: CpeNode[];
}

export interface CpeNode {
  operator: "AND" | "OR";
  negate?: boolean;
  cpeMatch: CpeMatch[];
}

/** A CPE 2.3 match criterion with its optional version bounds, as NVD writes it. */
export interface CpeMatch {
  vulnerable: boolean;
  criteria: string;
  matchCriteriaId?: string;
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
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
