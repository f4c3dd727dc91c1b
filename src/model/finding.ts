import type { FixState, Reference, VersionRange } from "./advisory.js";
import type { Package } from "./package.js";
import type { Severity, SeverityRating } from "./severity.js";

/** How a finding was matched (grype's match details, made exact). */
export interface Evidence {
  /** Matcher id (`dpkg-matcher`, `npm-matcher`, ...). */
  matcher: string;
  /** exact-direct: the package itself; exact-indirect: its source package; cpe: by CPE. */
  kind: "exact-direct" | "exact-indirect" | "cpe";
  /** What was searched: ecosystem or distro release and the name looked up. */
  searchedBy: { ecosystem: string; distro?: string; name: string; version: string };
  /** What was found: provider, advisory id, the range (or listed version) that matched. */
  found: { provider: string; advisoryId: string; range?: VersionRange; versions?: string[]; status: string };
}

export interface VulnerabilityInfo {
  id: string;
  aliases: string[];
  severity: Severity;
  /** Where `severity` came from (provider id). */
  severitySource?: string;
  /** Every source's rating and vector. */
  cvss: SeverityRating[];
  summary?: string;
  references: Reference[];
  published?: string;
  epss?: { score: number; percentile: number };
  kev?: { dateAdded: string; dueDate?: string; ransomware?: string };
  cwes?: string[];
}

/** One vulnerability in one package: the unit of a scan report. */
export interface Finding {
  vulnerability: VulnerabilityInfo;
  package: Pick<Package, "id" | "name" | "version" | "type" | "purl"> & { locations?: Package["locations"] };
  fix: { state: FixState; versions: string[] };
  /** Vendor status beyond affected/fixed (will-not-fix, end-of-life, ...). */
  vendorState?: string;
  evidence: Evidence[];
  /** Set when a VEX statement or ignore rule suppresses the finding. */
  suppressed?: { by: "vex" | "ignore-rule"; reference: string; reason?: string; expires?: string };
}
