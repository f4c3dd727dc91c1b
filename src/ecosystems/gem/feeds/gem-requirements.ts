import type { Interval } from "../../../feeds/native/version-intervals.js";
import { intersectIntervals } from "../../../feeds/native/version-intervals.js";
import { compareVersions, parseVersion } from "../../../versioning/index.js";

/** RubyGems version order (Gem::Version#<=>): the `gem` scheme matchers use. */
export function compareGemVersions(a: string, b: string): number {
  return compareVersions("gem", a, b);
}

const constraint = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(\S+)\s*$/;

/**
 * Reads one RubyGems requirement (`">= 1.2.3"`, `"~> 4.2.0, >= 4.2.5.1"`: a comma-separated
 * conjunction) as the set of versions it admits. `~> X.Y.Z` is `>= X.Y.Z, < X.(Y+1)`
 * (Gem::Version#bump); `!= X` is the two intervals around X. Undefined when a version does
 * not parse.
 */
export function parseGemRequirement(requirement: string): Interval[] | undefined {
  let admitted: Interval[] = [{}];
  for (const part of requirement.split(",")) {
    const match = part.match(constraint);
    const version = match?.[2];
    if (version === undefined || !parseVersion("gem", version).ok) return undefined;
    const set = constraintSet(match?.[1] ?? "=", version);
    if (set === undefined) return undefined;
    admitted = intersectIntervals(admitted, set, compareGemVersions);
  }
  return admitted;
}

function constraintSet(operator: string, version: string): Interval[] | undefined {
  switch (operator) {
    case ">=":
      return [{ lower: { version, inclusive: true } }];
    case ">":
      return [{ lower: { version, inclusive: false } }];
    case "<":
      return [{ upper: { version, inclusive: false } }];
    case "<=":
      return [{ upper: { version, inclusive: true } }];
    case "=":
      return [{ lower: { version, inclusive: true }, upper: { version, inclusive: true } }];
    case "!=":
      return [{ upper: { version, inclusive: false } }, { lower: { version, inclusive: false } }];
    case "~>": {
      const upper = bumpGemVersion(version);
      return upper === undefined
        ? undefined
        : [{ lower: { version, inclusive: true }, upper: { version: upper, inclusive: false } }];
    }
    default:
      return undefined;
  }
}

/**
 * Gem::Version#bump: drop the prerelease part, drop the last segment (unless it is the only
 * one) and increment the new last one: `1.2.3` → `1.3`, `4.0` → `5`, `3.0.0.rc1` → `3.1`.
 */
export function bumpGemVersion(version: string): string | undefined {
  const segments = version.match(/[0-9]+|[a-z]+/gi) ?? [];
  const firstString = segments.findIndex((s) => !/^\d+$/.test(s));
  const release = firstString < 0 ? segments : segments.slice(0, firstString);
  if (release.length > 1) release.pop();
  const last = release.pop();
  if (last === undefined) return undefined;
  return [...release, String(BigInt(last) + 1n)].join(".");
}
