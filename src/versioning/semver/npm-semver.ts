import semver from "semver";
import type { Ordering, ParseResult, RangeSyntax } from "../version-scheme.js";

/** node-semver options (https://github.com/npm/node-semver#functions). */
export interface NpmSemverOptions {
  loose?: boolean;
  includePrerelease?: boolean;
}

/**
 * How drydock reads npm versions: loose, as npm itself reads package.json
 * (normalize-package-data cleans versions with `semver.clean(v, true)`), so `v1.2.3` and
 * `=1.2.3` are accepted.
 */
export const npmVersionOptions: NpmSemverOptions = { loose: true };

/**
 * How drydock evaluates npm ranges: loose, and with pre-releases eligible. node-semver's
 * default skips a pre-release unless a comparator names the same major.minor.patch, so
 * `1.2.0-beta` would not satisfy `<1.2.5`; for a vulnerability range that is a missed
 * finding, so `includePrerelease` is on.
 */
export const npmRangeOptions: NpmSemverOptions = { loose: true, includePrerelease: true };

/** Reads an npm version with node-semver (SemVer 2.0 plus npm's loose forms). */
export function parseNpmVersion(raw: string, options = npmVersionOptions): ParseResult<semver.SemVer> {
  const parsed = semver.parse(raw.trim(), options);
  return parsed ? { ok: true, value: parsed } : { ok: false, reason: "not a valid semver version" };
}

/**
 * SemVer 2.0 precedence (https://semver.org/#spec-item-11) as node-semver implements it:
 * major, minor, patch numerically, then pre-release identifiers; build metadata ignored.
 */
export function compareNpmVersions(a: semver.SemVer, b: semver.SemVer): Ordering {
  return a.compare(b);
}

/** npm range syntax (`^1.2.3`, `>=1.0.0 <2.0.0 || 3.x`, `1.2 - 1.4`), via node-semver. */
export function npmRanges(options = npmRangeOptions): RangeSyntax<semver.SemVer, semver.Range> {
  return {
    name: "npm range",
    parse(range) {
      const text = typeof range === "string" ? range : range.join(" ");
      try {
        return { ok: true, value: new semver.Range(text, options) };
      } catch (error) {
        return { ok: false, reason: `bad npm range "${text}": ${(error as Error).message}` };
      }
    },
    matches(version, range) {
      return range.test(version);
    },
  };
}
