import { compareDigitStrings, isAllDigits, signOf } from "../ordering.js";
import type { Ordering, ParseResult } from "../version-scheme.js";

/** A NuGet package version (`NuGet.Versioning.NuGetVersion`). */
export interface NuGetVersion {
  /** Major, minor, patch and revision; missing parts are 0. */
  numbers: readonly [number, number, number, number];
  /** Release label identifiers (`beta`, `1`); empty for a release. */
  release: readonly string[];
  /** Build metadata after `+`, or `""`; ignored when ordering. */
  metadata: string;
}

const INT32_MAX = 2147483647;
const LABEL = /^[0-9A-Za-z-]+$/;

/**
 * Reads a version as `NuGetVersion.TryParse` does
 * (https://learn.microsoft.com/nuget/concepts/package-versioning): surrounding whitespace
 * is ignored; one to four dot-separated numbers, each a non-negative 32-bit integer
 * (leading zeros allowed: `1.01 == 1.1`); an optional `-label` of dot-separated
 * `[0-9A-Za-z-]` identifiers and an optional `+metadata`.
 */
export function parseNuGetVersion(raw: string): ParseResult<NuGetVersion> {
  const text = raw.trim();
  const plus = text.indexOf("+");
  const metadata = plus >= 0 ? text.slice(plus + 1) : "";
  const head = plus >= 0 ? text.slice(0, plus) : text;
  const hyphen = head.indexOf("-");
  const versionText = hyphen >= 0 ? head.slice(0, hyphen) : head;
  const labelText = hyphen >= 0 ? head.slice(hyphen + 1) : undefined;

  const parts = versionText.split(".");
  if (parts.length > 4 || !parts.every(isAllDigits)) return fail(`"${raw}" is not a NuGet version`);
  const values = parts.map(Number);
  if (values.some((n) => n > INT32_MAX)) return fail(`a number in "${raw}" exceeds a 32-bit integer`);
  const release = labelText === undefined ? [] : labelText.split(".");
  if (labelText !== undefined && !release.every((id) => LABEL.test(id)))
    return fail(`bad release label in "${raw}"`);
  if (plus >= 0 && !metadata.split(".").every((id) => LABEL.test(id)))
    return fail(`bad metadata in "${raw}"`);
  const [major = 0, minor = 0, patch = 0, revision = 0] = values;
  return { ok: true, value: { numbers: [major, minor, patch, revision], release, metadata } };
}

function fail(reason: string): ParseResult<NuGetVersion> {
  return { ok: false, reason };
}

/**
 * NuGet's default `VersionComparer`: the four numbers, then the release label (a release
 * sorts after its pre-releases; numeric identifiers by value and before alphanumeric ones,
 * which compare case-insensitively; a longer label wins when one is a prefix). Metadata is
 * ignored: `1.0.0+a == 1.0.0+b`.
 */
export function compareNuGetVersions(a: NuGetVersion, b: NuGetVersion): Ordering {
  for (let i = 0; i < 4; i++) {
    const order = signOf((a.numbers[i] as number) - (b.numbers[i] as number));
    if (order !== 0) return order;
  }
  if (a.release.length === 0 || b.release.length === 0) return signOf(b.release.length - a.release.length);
  for (let i = 0; i < Math.min(a.release.length, b.release.length); i++) {
    const order = compareLabel(a.release[i] as string, b.release[i] as string);
    if (order !== 0) return order;
  }
  return signOf(a.release.length - b.release.length);
}

function compareLabel(x: string, y: string): Ordering {
  const nx = isAllDigits(x);
  const ny = isAllDigits(y);
  if (nx && ny) return compareDigitStrings(x, y);
  if (nx !== ny) return nx ? -1 : 1;
  const lx = x.toLowerCase();
  const ly = y.toLowerCase();
  return lx === ly ? 0 : lx < ly ? -1 : 1;
}

/** NuGet's normalized form: `1.0.9.1-1.1` (revision only when non-zero), without metadata. */
export function formatNuGetVersion(v: NuGetVersion): string {
  const [major, minor, patch, revision] = v.numbers;
  const numbers = revision > 0 ? `${major}.${minor}.${patch}.${revision}` : `${major}.${minor}.${patch}`;
  return v.release.length > 0 ? `${numbers}-${v.release.join(".")}` : numbers;
}
