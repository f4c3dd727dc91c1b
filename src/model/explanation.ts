import type { VersionRange } from "./advisory.js";
import type { Distro } from "./distro.js";
import type { Finding } from "./finding.js";
import type { Package } from "./package.js";
import type { TargetInfo } from "./sbom.js";

/**
 * Why one vulnerability id is, or is not, reported for an image (`drydock explain`). Each
 * reason is exact: the package, advisory, provider, range and versions it rests on.
 * - `reported`: a finding (its evidence names matcher, range and provider).
 * - `suppressed`: a finding a VEX statement or ignore rule suppresses (see `finding.suppressed`).
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
