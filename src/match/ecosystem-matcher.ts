import type { Package, PackageType } from "../model/index.js";
import { judgeAffected } from "./judge-affected.js";
import type { Candidate, Matcher, MatchQuery } from "./matcher.js";

/** What a language ecosystem adds to the shared by-ecosystem strategy. */
export interface EcosystemMatcherSpec {
  /** Matcher id (`npm-matcher`). */
  name: string;
  version?: string;
  /** The package type (purl type) it handles; also the store's ecosystem id. */
  ecosystem: PackageType;
  /** Names the feeds may key the package under (default: its name). */
  namesOf?(pkg: Package): string[];
  /** The version to compare, or a reason why the package cannot be matched. */
  versionOf?(pkg: Package): string | { unmatchable: string };
  /** A reason to leave a candidate aside before the shared judgement (e.g. a toolchain-only advisory). */
  skip?(pkg: Package, candidate: Candidate): string | undefined;
}

/**
 * The by-ecosystem strategy for language packages: one query per name in the ecosystem's
 * advisories (no distro), judged by the shared range evaluation in the package's scheme.
 */
export function createEcosystemMatcher(spec: EcosystemMatcherSpec): Matcher {
  const versionOf = spec.versionOf ?? ((pkg: Package) => pkg.version);
  return {
    name: spec.name,
    version: spec.version ?? "1",
    applies: (pkg) => pkg.type === spec.ecosystem,
    unmatchable(pkg) {
      const v = versionOf(pkg);
      return typeof v === "string" ? undefined : v.unmatchable;
    },
    queries(pkg): MatchQuery[] {
      const version = versionOf(pkg);
      if (typeof version !== "string") return [];
      const names = [...new Set((spec.namesOf?.(pkg) ?? [pkg.name]).filter((n) => n !== ""))];
      return names.map((name) => ({ ecosystem: spec.ecosystem, name, kind: "exact-direct", version }));
    },
    judge(pkg, candidate, scheme) {
      const reason = spec.skip?.(pkg, candidate);
      if (reason !== undefined) return { verdict: "skipped", code: "rule", reason };
      return judgeAffected(candidate.query.version, candidate.affected, scheme);
    },
  };
}
