import type { VersionRange } from "../model/advisory.js";
import type { VersionScheme } from "./version-scheme.js";

/**
 * OSV range semantics (https://ossf.github.io/osv-schema/#affectedranges-field) for one
 * range flattened to one event of each kind: a version is in the range when it is at or
 * after `introduced` (absent or `"0"`: from the beginning), before `fixed`, at or before
 * `lastAffected`, and before `limit` (`"*"`: no limit).
 *
 * Returns `undefined` when the answer cannot be known: the version or one of the bounds
 * does not parse, or the range is a `git` range (commit ranges are never matched here).
 */
export function isVersionInRangeWith<V>(
  scheme: VersionScheme<V>,
  version: string,
  range: VersionRange,
): boolean | undefined {
  if (range.scheme === "git") return undefined;
  const v = scheme.parse(version);
  if (v === undefined) return undefined;
  const bound = (raw: string | undefined): V | null | undefined => {
    if (raw === undefined) return null;
    return scheme.parse(raw);
  };
  const introduced = range.introduced === "0" ? null : bound(range.introduced);
  const fixed = bound(range.fixed);
  const lastAffected = bound(range.lastAffected);
  const limit = range.limit === "*" ? null : bound(range.limit);
  if (introduced === undefined || fixed === undefined || lastAffected === undefined || limit === undefined) {
    return undefined;
  }
  if (introduced !== null && scheme.compare(v, introduced) < 0) return false;
  if (fixed !== null && scheme.compare(v, fixed) >= 0) return false;
  if (lastAffected !== null && scheme.compare(v, lastAffected) > 0) return false;
  if (limit !== null && scheme.compare(v, limit) >= 0) return false;
  return true;
}

/**
 * OSV `affected` semantics: the version is affected when it equals one of the listed
 * `versions` or falls in any of the `ranges` (a union). `git` ranges are skipped.
 *
 * Returns `undefined` when the version does not parse, or when no range or listed version
 * matches but some range could not be evaluated (a bound that does not parse): the caller
 * must then not report "not affected".
 */
export function isAffectedWith<V>(
  scheme: VersionScheme<V>,
  version: string,
  ranges: readonly VersionRange[],
  versions: readonly string[] = [],
): boolean | undefined {
  const v = scheme.parse(version);
  if (v === undefined) return undefined;
  for (const listed of versions) {
    const w = scheme.parse(listed);
    if (w !== undefined ? scheme.compare(v, w) === 0 : listed === version) return true;
  }
  let unknown = false;
  for (const range of ranges) {
    if (range.scheme === "git") continue;
    const inRange = isVersionInRangeWith(scheme, version, range);
    if (inRange === true) return true;
    if (inRange === undefined) unknown = true;
  }
  return unknown ? undefined : false;
}
