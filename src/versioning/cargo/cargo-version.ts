import { compareCodeUnits, compareDigitStrings, isAllDigits, signOf } from "../ordering.js";
import type { Ordering, ParseResult } from "../version-scheme.js";

/** A Cargo (semver crate) version: SemVer 2.0 with build metadata kept for ordering. */
export interface CargoVersion {
  major: bigint;
  minor: bigint;
  patch: bigint;
  /** Pre-release identifiers; empty for a release. */
  pre: readonly string[];
  /** Build metadata identifiers; empty when absent. */
  build: readonly string[];
}

const U64_MAX = (1n << 64n) - 1n;
const NUMBER = /^(0|[1-9][0-9]*)$/;
const IDENT = /^[0-9A-Za-z-]+$/;

/**
 * Reads a version as the `semver` crate's `Version::parse` does (the crate Cargo uses;
 * https://docs.rs/semver): strict `MAJOR.MINOR.PATCH[-pre][+build]`, numbers without
 * leading zeros and within u64, no `v` prefix and no whitespace. Numeric pre-release
 * identifiers may not have leading zeros; build identifiers may.
 */
export function parseCargoVersion(raw: string): ParseResult<CargoVersion> {
  const plus = raw.indexOf("+");
  const core = plus >= 0 ? raw.slice(0, plus) : raw;
  const buildText = plus >= 0 ? raw.slice(plus + 1) : undefined;
  const hyphen = core.indexOf("-");
  const numbers = hyphen >= 0 ? core.slice(0, hyphen) : core;
  const preText = hyphen >= 0 ? core.slice(hyphen + 1) : undefined;

  const parts = numbers.split(".");
  if (parts.length !== 3 || !parts.every((p) => NUMBER.test(p))) {
    return fail(`"${raw}" is not MAJOR.MINOR.PATCH with plain numbers`);
  }
  const [major, minor, patch] = parts.map((p) => BigInt(p)) as [bigint, bigint, bigint];
  if (major > U64_MAX || minor > U64_MAX || patch > U64_MAX) return fail(`a number in "${raw}" exceeds u64`);
  const pre = preText === undefined ? [] : preText.split(".");
  if (preText !== undefined && !pre.every((id) => IDENT.test(id) && !(isAllDigits(id) && !NUMBER.test(id)))) {
    return fail(`bad pre-release in "${raw}"`);
  }
  const build = buildText === undefined ? [] : buildText.split(".");
  if (buildText !== undefined && !build.every((id) => IDENT.test(id)))
    return fail(`bad build metadata in "${raw}"`);
  return { ok: true, value: { major, minor, patch, pre, build } };
}

function fail(reason: string): ParseResult<CargoVersion> {
  return { ok: false, reason };
}

/**
 * The semver crate's `Ord for Version`: major, minor, patch, then pre-release (a release
 * sorts after its pre-releases; SemVer 2.0 identifier rules), then — unlike SemVer 2.0 —
 * build metadata (none < any; numeric identifiers by value, then by length, before
 * alphanumeric ones), so that distinct versions never compare equal.
 */
export function compareCargoVersions(a: CargoVersion, b: CargoVersion): Ordering {
  return (
    signOf(a.major - b.major) ||
    signOf(a.minor - b.minor) ||
    signOf(a.patch - b.patch) ||
    comparePrerelease(a.pre, b.pre) ||
    compareBuild(a.build, b.build)
  );
}

export function comparePrerelease(a: readonly string[], b: readonly string[]): Ordering {
  if (a.length === 0 || b.length === 0) return signOf(b.length - a.length);
  return compareIdentifiers(a, b, (x, y) => compareDigitStrings(x, y));
}

function compareBuild(a: readonly string[], b: readonly string[]): Ordering {
  // Numeric build identifiers: by value, then the one with more leading zeros is greater.
  return compareIdentifiers(a, b, (x, y) => compareDigitStrings(x, y) || signOf(x.length - y.length));
}

function compareIdentifiers(
  a: readonly string[],
  b: readonly string[],
  compareNumeric: (x: string, y: string) => Ordering,
): Ordering {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    const nx = isAllDigits(x);
    const ny = isAllDigits(y);
    const order = nx && ny ? compareNumeric(x, y) : nx !== ny ? (nx ? -1 : 1) : compareCodeUnits(x, y);
    if (order !== 0) return order;
  }
  return signOf(a.length - b.length);
}
