import semver from "semver";
import type { Interval } from "../../../feeds/native/version-intervals.js";
import { normaliseIntervals } from "../../../feeds/native/version-intervals.js";
import { compareVersions } from "../../../versioning/index.js";

/** npm's version order: the `semver` scheme matchers use. */
export function compareSemver(a: string, b: string): number {
  return compareVersions("semver", a, b);
}

/**
 * Reads an npm range (`>=1.0.0 <1.2.3 || 2.x`, `^8.1.4`, `<= 10`, `*`) as the set of
 * versions it admits, through node-semver's own desugaring into comparator sets. Prerelease
 * versions are ordered like any other version, as the `semver` scheme's ranges do
 * (`includePrerelease`). Undefined when the range does not parse.
 */
export function parseNpmRange(range: string): Interval[] | undefined {
  let parsed: semver.Range;
  try {
    parsed = new semver.Range(range.trim(), { loose: true });
  } catch {
    return undefined;
  }
  const intervals: Interval[] = [];
  for (const comparators of parsed.set) {
    const interval: Interval = {};
    for (const comparator of comparators) {
      if (comparator.value === "") continue;
      const version = comparator.semver.version;
      switch (comparator.operator) {
        case ">=":
        case ">":
          interval.lower = tighterLower(interval.lower, { version, inclusive: comparator.operator === ">=" });
          break;
        case "<":
        case "<=":
          interval.upper = tighterUpper(interval.upper, { version, inclusive: comparator.operator === "<=" });
          break;
        default:
          interval.lower = tighterLower(interval.lower, { version, inclusive: true });
          interval.upper = tighterUpper(interval.upper, { version, inclusive: true });
      }
    }
    intervals.push(interval);
  }
  return normaliseIntervals(intervals, compareSemver);
}

type Bound = NonNullable<Interval["lower"]>;

function tighterLower(a: Bound | undefined, b: Bound): Bound {
  if (a === undefined) return b;
  const order = compareSemver(a.version, b.version);
  if (order !== 0) return order > 0 ? a : b;
  return a.inclusive ? b : a;
}

function tighterUpper(a: Bound | undefined, b: Bound): Bound {
  if (a === undefined) return b;
  const order = compareSemver(a.version, b.version);
  if (order !== 0) return order < 0 ? a : b;
  return a.inclusive ? b : a;
}
