import type { VersionRange } from "./advisory.js";
import type { Distro } from "./distro.js";
import type { Finding } from "./finding.js";
import type { Package } from "./package.js";
import type { TargetInfo } from "./sbom.js";

/**
 * Why one vulnerability id is, or is not, reported for an image (`drydock explain`). Each
 * reason is exact: the package, advisory, provider, range and versions it rests on.
 * - `reported`: a finding (its evidence names matcher, range and provider).
 * - `suppressed`: a finding a VEX statement or ignore rule suppresses (`suppression` says which,
 *   with the rule's reason and expiry or the statement's status, justification and date).
 * - `not-suppressed`: an ignore rule that matches a finding but has expired, or a VEX statement
 *   that covers it but does not suppress it (status affected or under_investigation, or a
 *   not_affected/fixed statement a more recent one overrides); `suppression` names it.
 * - `hidden`: a finding the scan settings leave out (`--only-fixed`).
 * - `vendor-not-affected`: the distro states the package is not affected.
 * - `fixed`: the installed version is at or above the fix (`installed`, `fixedIn`).
 * - `out-of-range`: the installed version is outside every affected range.
 * - `not-evaluated`: the version or a bound cannot be read in the scheme.
 * - `not-applicable`: the advisory entry does not apply (another module stream, a Go
 *   toolchain advisory, a binary-keyed entry found under a source name...).
 * - `os-owned`: a language package owned by an OS package, judged by the distro; `owner`
 *   says what the distro's advisories say about the owning package.
 * - `other-release`: advisories name the package for other distro releases, not this one
 *   (`releases` lists them).
 * - `not-installed`: the advisories name packages the image does not have.
 * - `withdrawn`: the advisory was withdrawn (or the CVE rejected).
 * - `unknown-id`: the database holds no advisory with this id or alias.
 */
export type ExplanationKind =
  | "reported"
  | "suppressed"
  | "not-suppressed"
  | "hidden"
  | "vendor-not-affected"
  | "fixed"
  | "out-of-range"
  | "not-evaluated"
  | "not-applicable"
  | "os-owned"
  | "other-release"
  | "not-installed"
  | "withdrawn"
  | "unknown-id";

/** One reason, about one package (or one advisory entry when no package is involved). */
export interface ExplanationReason {
  kind: ExplanationKind;
  /** One sentence, complete on its own. */
  message: string;
  package?: Pick<Package, "id" | "name" | "version" | "type" | "purl">;
  /** Provider and advisory id the reason rests on. */
  provider?: string;
  advisoryId?: string;
  /** Store key searched: ecosystem, distro release, name. */
  searchedBy?: { ecosystem: string; distro?: string; name: string; version: string };
  range?: VersionRange;
  installed?: string;
  fixedIn?: string[];
  /** `other-release`: the distro releases (and names) that do have an entry. */
  releases?: { distro: string; name: string; provider: string }[];
  /** `os-owned`: the owning OS package and what the distro's advisories say about it. */
  owner?: { type: string; name: string; version?: string; reasons: ExplanationReason[] };
  finding?: Finding;
  /** `suppressed` and `not-suppressed`: the ignore rule or VEX statement concerned. */
  suppression?: SuppressionSource;
}

/**
 * An ignore rule or VEX statement as `explain` names it. `reference` is how reports name it
 * (the finding's `suppressed.reference`); the other fields are what the rule or statement says,
 * present when the explanation was given the ignore file and VEX documents themselves.
 */
export interface SuppressionSource {
  by: "ignore-rule" | "vex";
  reference: string;
  /** The ignore file or VEX document, as given. */
  file?: string;
  /** 1-based rule number, or statement (OpenVEX) / vulnerability (CycloneDX) number in the file. */
  index?: number;
  /** Ignore rule: why the finding is accepted. VEX: the status with justification and detail. */
  reason?: string;
  /** Ignore rule: its `expires` text. */
  expires?: string;
  /** Ignore rule: true when `expires` had passed at the time the scan was judged. */
  expired?: boolean;
  /** VEX: the document format and the statement's id, when it has one. */
  format?: "openvex" | "cyclonedx";
  statementId?: string;
  /** VEX: status (not_affected, fixed, affected, under_investigation), justification, detail. */
  status?: string;
  justification?: string;
  detail?: string;
  /** VEX: when the statement was made (its own timestamp, else the document's). */
  timestamp?: string;
}

/** The answer of `drydock explain TARGET ID`. */
export interface Explanation {
  /** The id as asked. */
  query: string;
  /** The id and every alias the database knows for it. */
  ids: string[];
  target: TargetInfo;
  distro?: Distro;
  /** True when at least one unsuppressed finding reports it. */
  reported: boolean;
  /** One line: reported in N packages / not reported because ... */
  verdict: string;
  reasons: ExplanationReason[];
}
