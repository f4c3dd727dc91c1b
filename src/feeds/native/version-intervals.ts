import type { SchemeId, VersionRange } from "../../model/advisory.js";

/** One end of an interval; `inclusive` says whether `version` itself is inside. */
export interface Bound {
  version: string;
  inclusive: boolean;
}

/** A set of versions between two bounds; a missing bound is unbounded on that side. */
export interface Interval {
  lower?: Bound;
  upper?: Bound;
}

/** Orders two version strings of one scheme (negative, zero, positive). */
export type CompareVersions = (a: string, b: string) => number;

/**
 * Set algebra over version intervals, used to turn requirement strings (`>= 1.2, < 1.3`,
 * `~> 2.0`, npm ranges) into OSV-style range events. Every function returns a normalised
 * set: sorted by lower bound, non-empty, non-overlapping, non-touching.
 */
export function normaliseIntervals(intervals: Interval[], compare: CompareVersions): Interval[] {
  const sorted = intervals
    .filter((i) => !isEmpty(i, compare))
    .sort((a, b) => compareLower(a.lower, b.lower, compare));
  const out: Interval[] = [];
  for (const interval of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && touches(last.upper, interval.lower, compare)) {
      if (compareUpper(interval.upper, last.upper, compare) > 0) setUpper(last, interval.upper);
    } else {
      out.push({ ...interval });
    }
  }
  return out;
}

/** Every version not in `intervals`. */
export function complementIntervals(intervals: Interval[], compare: CompareVersions): Interval[] {
  const out: Interval[] = [];
  // Where the current gap starts; undefined = from the lowest version.
  let from: Bound | undefined;
  for (const interval of normaliseIntervals(intervals, compare)) {
    if (interval.lower !== undefined) {
      const gap: Interval = {
        upper: { version: interval.lower.version, inclusive: !interval.lower.inclusive },
      };
      if (from !== undefined) gap.lower = from;
      out.push(gap);
    }
    if (interval.upper === undefined) return normaliseIntervals(out, compare);
    from = { version: interval.upper.version, inclusive: !interval.upper.inclusive };
  }
  out.push(from === undefined ? {} : { lower: from });
  return normaliseIntervals(out, compare);
}

/** Versions in both sets. */
export function intersectIntervals(a: Interval[], b: Interval[], compare: CompareVersions): Interval[] {
  const out: Interval[] = [];
  for (const x of a) {
    for (const y of b) {
      const interval: Interval = {};
      const lower = compareLower(x.lower, y.lower, compare) >= 0 ? x.lower : y.lower;
      const upper = compareUpper(x.upper, y.upper, compare) <= 0 ? x.upper : y.upper;
      if (lower !== undefined) interval.lower = lower;
      if (upper !== undefined) interval.upper = upper;
      out.push(interval);
    }
  }
  return normaliseIntervals(out, compare);
}

/**
 * Writes intervals as range events: `introduced` (inclusive, `0` when unbounded below) and
 * `fixed` (exclusive) or `lastAffected` (inclusive). Undefined when an interval starts with
 * an exclusive lower bound, which OSV-style events cannot say.
 */
export function intervalsToRanges(intervals: Interval[], scheme: SchemeId): VersionRange[] | undefined {
  const ranges: VersionRange[] = [];
  for (const interval of intervals) {
    if (interval.lower !== undefined && !interval.lower.inclusive) return undefined;
    const range: VersionRange = { scheme, introduced: interval.lower?.version ?? "0" };
    if (interval.upper?.inclusive === false) range.fixed = interval.upper.version;
    if (interval.upper?.inclusive === true) range.lastAffected = interval.upper.version;
    ranges.push(range);
  }
  return ranges;
}

function isEmpty(interval: Interval, compare: CompareVersions): boolean {
  if (interval.lower === undefined || interval.upper === undefined) return false;
  const order = compare(interval.lower.version, interval.upper.version);
  return order > 0 || (order === 0 && !(interval.lower.inclusive && interval.upper.inclusive));
}

/** Whether an interval ending at `upper` overlaps or meets one starting at `lower`. */
function touches(upper: Bound | undefined, lower: Bound | undefined, compare: CompareVersions): boolean {
  if (upper === undefined || lower === undefined) return true;
  const order = compare(lower.version, upper.version);
  return order < 0 || (order === 0 && (upper.inclusive || lower.inclusive));
}

function compareLower(a: Bound | undefined, b: Bound | undefined, compare: CompareVersions): number {
  if (a === undefined || b === undefined) return (a === undefined ? -1 : 0) - (b === undefined ? -1 : 0);
  const order = compare(a.version, b.version);
  if (order !== 0) return order;
  return (a.inclusive ? 0 : 1) - (b.inclusive ? 0 : 1);
}

function compareUpper(a: Bound | undefined, b: Bound | undefined, compare: CompareVersions): number {
  if (a === undefined || b === undefined) return (a === undefined ? 1 : 0) - (b === undefined ? 1 : 0);
  const order = compare(a.version, b.version);
  if (order !== 0) return order;
  return (a.inclusive ? 1 : 0) - (b.inclusive ? 1 : 0);
}

function setUpper(interval: Interval, upper: Bound | undefined): void {
  if (upper === undefined) delete interval.upper;
  else interval.upper = upper;
}
