/** The match stage: SBOM + advisory store → findings (DESIGN.md sections 1 and 3). */
export { buildFindings } from "./build-findings.js";
export { checkDistroCoverage } from "./distro-coverage.js";
export { createDistroMatcher, type DistroMatcherSpec, sourceNameOf } from "./distro-matcher.js";
export { createEcosystemMatcher, type EcosystemMatcherSpec } from "./ecosystem-matcher.js";
export { describeRange, judgeAffected, vendorStateOf } from "./judge-affected.js";
export {
  isOsOwned,
  type MatcherEntry,
  type MatchOptions,
  type MatchOutcome,
  matchSbom,
} from "./match-sbom.js";
export type {
  AdvisoryIdentity,
  Candidate,
  Judgement,
  Matcher,
  MatchQuery,
  PackageSkip,
  ResolvedCandidate,
  TracedJudgement,
  VendorState,
} from "./matcher.js";
export { queryKey } from "./query-key.js";
export { sortFindings } from "./sort-findings.js";
export {
  choosePrimaryId,
  compareNatural,
  isBulletinId,
  isCveId,
  type VulnerabilityUnit,
  vulnerabilityUnits,
} from "./vulnerability-ids.js";
