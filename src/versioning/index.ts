/**
 * Version schemes: one folder per ecosystem ordering, registered here (DESIGN.md section 2,
 * "Registries are const maps"). Everything that orders, parses or range-checks versions goes
 * through this module, so every stage agrees on what "older" means.
 */
import type { SchemeId, VersionRange } from "../model/advisory.js";
import { DrydockError } from "../model/errors.js";
import { apkScheme } from "./apk/apk-scheme.js";
import { cargoScheme } from "./cargo/cargo-scheme.js";
import { compareRaw } from "./compare-raw.js";
import { composerScheme } from "./composer/composer-scheme.js";
import { dpkgScheme } from "./dpkg/dpkg-scheme.js";
import { gemScheme } from "./gem/gem-scheme.js";
import { golangScheme } from "./golang/golang-scheme.js";
import { mavenScheme } from "./maven/maven-scheme.js";
import { nugetScheme } from "./nuget/nuget-scheme.js";
import { isAffectedWith, isVersionInRangeWith } from "./osv-range.js";
import { pep440Scheme } from "./pep440/pep440-scheme.js";
import { rpmScheme } from "./rpm/rpm-scheme.js";
import { semverScheme } from "./semver/semver-scheme.js";
import type { AnyVersionScheme, Ordering, ParseResult, VersionScheme } from "./version-scheme.js";

export type {
  AnyVersionScheme,
  Ordering,
  ParseResult,
  RangeSyntax,
  VersionScheme,
} from "./version-scheme.js";

/** Every version scheme, keyed by its {@link SchemeId}. */
export const schemes = {
  dpkg: dpkgScheme,
  rpm: rpmScheme,
  apk: apkScheme,
  pep440: pep440Scheme,
  semver: semverScheme,
  maven: mavenScheme,
  gem: gemScheme,
  golang: golangScheme,
  nuget: nugetScheme,
  composer: composerScheme,
  cargo: cargoScheme,
} satisfies Record<SchemeId, VersionScheme<unknown>>;

export function isSchemeId(id: string): id is SchemeId {
  return Object.hasOwn(schemes, id);
}

/**
 * The scheme registered under `id`.
 * @throws DrydockError `DRYDOCK_UNKNOWN_SCHEME` when no scheme has that id.
 */
export function getScheme(id: SchemeId | string): AnyVersionScheme {
  if (!isSchemeId(id)) {
    throw new DrydockError("DRYDOCK_UNKNOWN_SCHEME", `unknown version scheme "${id}"`, {
      hint: `known schemes: ${Object.keys(schemes).join(", ")}`,
    });
  }
  return schemes[id] as AnyVersionScheme;
}

/**
 * Orders two version strings with a scheme: -1 when `a` is older, 0 when equal, 1 when
 * newer. Never throws for bad versions: see {@link compareRaw} for how strings that do not
 * parse are ordered (Go: all invalid strings are equal and below any valid version).
 * @throws DrydockError `DRYDOCK_UNKNOWN_SCHEME` for an unknown scheme id, and only then.
 */
export function compareVersions(scheme: SchemeId | string, a: string, b: string): Ordering {
  return compareRaw(getScheme(scheme), a, b);
}

/**
 * Reads a version; a failure carries the reason, for a Diagnostic. `warning` is set when
 * the ecosystem's tool accepts the version with a complaint (dpkg's syntax warnings).
 * @throws DrydockError `DRYDOCK_UNKNOWN_SCHEME` for an unknown scheme id.
 */
export function parseVersion(scheme: SchemeId | string, raw: string): ParseResult<unknown> {
  return getScheme(scheme).check(raw);
}

/**
 * Reads a range in the scheme's range syntax (see {@link satisfies}); a failure carries
 * the reason.
 * @throws DrydockError `DRYDOCK_UNKNOWN_SCHEME` for an unknown scheme id.
 */
export function parseRange(
  scheme: SchemeId | string,
  range: string | readonly string[],
): ParseResult<unknown> {
  const { ranges } = getScheme(scheme);
  const length = typeof range === "string" ? range.length : range.reduce((n, part) => n + part.length, 0);
  if (length > MAX_RANGE_LENGTH) {
    return { ok: false, reason: `a ${ranges.name} longer than ${MAX_RANGE_LENGTH} characters is refused` };
  }
  return ranges.parse(range);
}

/** Ranges in advisories are short; longer ones would only make parsing costly. */
export const MAX_RANGE_LENGTH = 1024;

/**
 * Tests a version against a range written in the ecosystem's own syntax: npm ranges
 * (semver), PEP 440 specifier sets (pep440), RubyGems requirements given as one
 * comma-separated string or as the list of clauses (gem), Cargo `VersionReq` (cargo),
 * Composer constraints (composer), NuGet and Maven interval ranges (`[1.0,2.0)`, `(,1.0]`),
 * and comma-separated `op version` lists for dpkg (`>= 1.0, << 2.0`), rpm, apk (with `~`)
 * and Go module queries (`>=v1.2.0`). Returns false when the version or the range does not
 * parse; use {@link parseVersion} and {@link parseRange} to tell why.
 * @throws DrydockError `DRYDOCK_UNKNOWN_SCHEME` for an unknown scheme id.
 */
export function satisfies(
  scheme: SchemeId | string,
  version: string,
  range: string | readonly string[],
): boolean {
  const s = getScheme(scheme);
  const v = s.parse(version);
  if (v === undefined) return false;
  const r = parseRange(scheme, range);
  return r.ok && s.ranges.matches(v, r.value);
}

/**
 * Whether `version` lies in one OSV range (introduced / fixed / lastAffected / limit).
 * `undefined` when the version or a bound does not parse, or for a `git` range.
 * @throws DrydockError `DRYDOCK_UNKNOWN_SCHEME` for an unknown scheme id.
 */
export function isVersionInRange(
  scheme: SchemeId | string,
  version: string,
  range: VersionRange,
): boolean | undefined {
  return isVersionInRangeWith(getScheme(scheme), version, range);
}

/**
 * OSV `affected` evaluation over several ranges (a union) and explicitly listed versions.
 * `undefined` when the version does not parse, or when nothing matched but some range
 * could not be evaluated.
 * @throws DrydockError `DRYDOCK_UNKNOWN_SCHEME` for an unknown scheme id.
 */
export function isAffected(
  scheme: SchemeId | string,
  version: string,
  ranges: readonly VersionRange[],
  versions?: readonly string[],
): boolean | undefined {
  return isAffectedWith(getScheme(scheme), version, ranges, versions);
}
