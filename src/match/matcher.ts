import type { AdvisoryQuery } from "../db/reader.js";
import type {
  Advisory,
  AffectedPackage,
  Evidence,
  FixState,
  Package,
  Sbom,
  SchemeId,
  VersionRange,
} from "../model/index.js";

/**
 * One advisory lookup a matcher asks for: the store key (ecosystem, distro key, name as
 * the feed keys it) plus what it stands for, so every candidate it returns can be judged
 * against the right version and recorded as evidence.
 */
export interface MatchQuery extends AdvisoryQuery {
  /** `exact-direct`: the package's own name; `exact-indirect`: its source/origin package. */
  kind: Evidence["kind"];
  /** The installed version candidates of this query are compared with. */
  version: string;
}

/**
 * The advisory as a matcher sees it while judging: who published it and its id. Its detail
 * (aliases, ratings, references, summary) is loaded after judging, and only for the
 * candidates that become findings (for every candidate when tracing).
 */
export type AdvisoryIdentity = Pick<Advisory, "id" | "provider" | "withdrawn">;

/** One affected entry of one advisory, returned for one query of one package. */
export interface Candidate {
  advisory: AdvisoryIdentity;
  affected: AffectedPackage;
  query: MatchQuery;
}

/**
 * A judged candidate with its advisory's detail, as findings and `explain` read it. The
 * advisory object is shared by every candidate of that advisory and its `affected` list is
 * left empty: the entry judged is `affected`.
 */
export interface ResolvedCandidate extends Candidate {
  advisory: Advisory;
}

/** The vendor statuses beyond affected/fixed a finding can carry (`Finding.vendorState`). */
export type VendorState =
  | "will-not-fix"
  | "fix-deferred"
  | "end-of-life"
  | "unimportant"
  | "no-dsa"
  | "undetermined";

/**
 * A matcher's verdict on one candidate, pure data so `explain` can show it:
 * - `affected`: the installed version lies in `range` (or is a listed version / satisfies a
 *   requirement); `fix` holds the fix state and the fixed versions above the installed one.
 * - `not-affected`: the vendor states the package is not affected.
 * - `fixed`: the installed version is at or above `fixedIn`.
 * - `out-of-range`: outside every range, with no fix behind it (before `introduced`,
 *   after `lastAffected`).
 * - `unknown`: the version or a bound cannot be read in the scheme; never reported, but
 *   never called "not affected" either (a diagnostic says so).
 * - `skipped`: the candidate does not apply to this package (another module stream, a
 *   toolchain-only Go advisory, a binary-keyed entry found under a source name, ...).
 */
export type Judgement =
  | {
      verdict: "affected";
      range?: VersionRange;
      /** The explicitly listed version that matched (OSV `versions`). */
      listed?: string;
      /** The native requirement that matched (`>= 1.0, < 1.2`). */
      requirement?: string;
      fix: { state: FixState; versions: string[] };
      vendorState?: VendorState;
      note?: string;
    }
  | { verdict: "not-affected"; reason: string }
  | { verdict: "fixed"; fixedIn: string; range?: VersionRange }
  | { verdict: "out-of-range"; reason: string }
  | { verdict: "unknown"; reason: string }
  | {
      verdict: "skipped";
      /**
       * `name-kind`: found under the other name of the package (a binary-keyed entry by the
       * source name, or the reverse): not a statement about this package at all.
       * `rule`: an ecosystem rule leaves it aside (module stream, Go toolchain).
       */
      code: "name-kind" | "rule";
      reason: string;
    };

/**
 * How one ecosystem's packages are matched (claircore's Matcher, grype's matcher):
 * declarative and batchable. `queries` says what to look up, the orchestrator looks up the
 * queries of every package of an SBOM in one round trip per batch, and `judge` decides
 * each candidate without I/O.
 */
export interface Matcher {
  /** Stable id written into evidence (`dpkg-matcher`, `npm-matcher`). */
  name: string;
  /** Bumped when the matcher's decisions change. */
  version: string;
  /** Whether this matcher handles the package (usually: its type). */
  applies(pkg: Package, sbom: Sbom): boolean;
  /** The lookups for one package; none when it cannot be matched (say why in `unmatchable`). */
  queries(pkg: Package, sbom: Sbom): MatchQuery[];
  /**
   * Decides one candidate. Pure: same inputs, same judgement, and nothing of `candidate`
   * itself is kept (the caller reuses the object; its parts may be). `scheme` is the package's
   * version scheme; ranges carry their own and win when they name a known one.
   */
  judge(pkg: Package, candidate: Candidate, scheme: SchemeId): Judgement;
  /** Why a package of this matcher's type yields no queries (shown by explain), if it does not. */
  unmatchable?(pkg: Package, sbom: Sbom): string | undefined;
}

/** One candidate as judged, kept when tracing. */
export interface TracedJudgement {
  pkg: Package;
  candidate: ResolvedCandidate;
  judgement: Judgement;
  matcher: string;
  /** The package is OS-owned and was judged only because tracing asked (not reported). */
  ownedOnly?: boolean;
}

/** A package that was not matched at all, and why. */
export interface PackageSkip {
  pkg: Package;
  reason: "os-owned" | "no-matcher" | "unmatchable";
  detail: string;
}
