import { compareCodeUnits, compareDigitStrings } from "../ordering.js";
import type { Ordering, ParseResult } from "../version-scheme.js";

/** One segment of a RubyGems version: a number (as digits) or a string. */
export type GemSegment = { num: string } | { str: string };

/** A RubyGems version (`Gem::Version`). */
export interface GemVersion {
  /** The version as RubyGems stores it: stripped, every `-` replaced by `.pre.`. */
  text: string;
  segments: readonly GemSegment[];
}

// Gem::Version::VERSION_PATTERN, anchored and with optional surrounding whitespace (Ruby `\s`).
const GEM_VERSION =
  /^[ \t\r\n\f\v]*([0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?)?[ \t\r\n\f\v]*$/;

/**
 * Reads a RubyGems version as `Gem::Version.new` does (rubygems/version.rb,
 * https://guides.rubygems.org/patterns/#semantic-versioning): surrounding whitespace is
 * ignored, an empty string is version "0", and `-` is shorthand for `.pre.`
 * (`1.0-1 == 1.0.pre.1`). Segments are runs of digits or of letters.
 */
export function parseGemVersion(raw: string): ParseResult<GemVersion> {
  const m = GEM_VERSION.exec(raw);
  if (!m) return { ok: false, reason: `malformed version number string "${raw}"` };
  const text = (m[1] ?? "0").replaceAll("-", ".pre.");
  const segments = (text.match(/[0-9]+|[a-z]+/gi) ?? []).map(
    (s): GemSegment => (/^[0-9]/.test(s) ? { num: s } : { str: s }),
  );
  return { ok: true, value: { text, segments } };
}

/**
 * `Gem::Version#<=>`: segments are compared after trailing zeros are dropped from the
 * numeric head and from the string tail (`1.0 == 1`, `1.0.a == 1.a`); a missing segment
 * counts as 0; a string segment sorts before a number (`1.0.a < 1.0`); numbers compare by
 * value and strings by byte order.
 */
export function compareGemVersions(a: GemVersion, b: GemVersion): Ordering {
  if (a.text === b.text) return 0;
  const x = canonicalSegments(a);
  const y = canonicalSegments(b);
  const zero: GemSegment = { num: "0" };
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const l = x[i] ?? zero;
    const r = y[i] ?? zero;
    if ("str" in l && "num" in r) return -1;
    if ("num" in l && "str" in r) return 1;
    const order =
      "num" in l
        ? compareDigitStrings(l.num, (r as { num: string }).num)
        : compareCodeUnits(l.str, (r as { str: string }).str);
    if (order !== 0) return order;
  }
  return 0;
}

function canonicalSegments(v: GemVersion): GemSegment[] {
  const firstString = v.segments.findIndex((s) => "str" in s);
  const cut = firstString < 0 ? v.segments.length : firstString;
  return [...dropTrailingZeros(v.segments.slice(0, cut)), ...dropTrailingZeros(v.segments.slice(cut))];
}

function dropTrailingZeros(segments: readonly GemSegment[]): GemSegment[] {
  let end = segments.length;
  while (end > 0 && isZero(segments[end - 1] as GemSegment)) end--;
  return segments.slice(0, end);
}

function isZero(s: GemSegment): boolean {
  return "num" in s && /^0+$/.test(s.num);
}

/** `Gem::Version#prerelease?`: any letter makes a pre-release (`1.0.a`, `1.0-1`). */
export function isGemPrerelease(v: GemVersion): boolean {
  return /[a-zA-Z]/.test(v.text);
}

/** `Gem::Version#release`: the version without its string segments and what follows. */
export function gemRelease(v: GemVersion): GemVersion {
  return isGemPrerelease(v) ? fromSegments(numericHead(v.segments)) : v;
}

/** `Gem::Version#bump`: drops the last numeric segment and increments the one before it. */
export function bumpGemVersion(v: GemVersion): GemVersion {
  const head = numericHead(v.segments);
  if (head.length > 1) head.pop();
  const last = head.length - 1;
  const lastSegment = head[last];
  if (lastSegment && "num" in lastSegment) head[last] = { num: (BigInt(lastSegment.num) + 1n).toString() };
  return fromSegments(head);
}

/** `Gem::Version#approximate_recommendation`: the `~>` requirement RubyGems suggests. */
export function approximateGemRecommendation(v: GemVersion): string {
  const head = numericHead(v.segments).slice(0, 2);
  while (head.length < 2) head.push({ num: "0" });
  return `~> ${formatSegments(head)}${isGemPrerelease(v) ? ".a" : ""}`;
}

/** The segments before the last string segment is dropped (RubyGems pops until none is left). */
function numericHead(segments: readonly GemSegment[]): GemSegment[] {
  const out = [...segments];
  while (out.some((s) => "str" in s)) out.pop();
  return out;
}

function fromSegments(segments: readonly GemSegment[]): GemVersion {
  return { text: formatSegments(segments) || "0", segments: segments.length > 0 ? segments : [{ num: "0" }] };
}

function formatSegments(segments: readonly GemSegment[]): string {
  return segments.map((s) => ("num" in s ? BigInt(s.num).toString() : s.str)).join(".");
}
