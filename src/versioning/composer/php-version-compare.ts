import { compareDigitStrings, isAsciiDigit, isAsciiLetter } from "../ordering.js";
import type { Ordering } from "../version-scheme.js";

/**
 * PHP's `version_compare()` (ext/standard/versioning.c;
 * https://www.php.net/manual/en/function.version-compare.php), which Composer uses to order
 * versions.
 *
 * The strings are first canonicalised: `-`, `_` and `+` become `.`, a `.` is inserted at
 * every digit/non-digit boundary, and other non-alphanumerics collapse into `.`. The parts
 * are then compared in turn: numbers numerically; words by "special form",
 * `dev < alpha = a < beta = b < RC = rc < (number) < pl = p`, where a word matches a form
 * it starts with and unknown words rank below `dev`; a number against a word ranks as
 * `(number)`. When one side runs out, a remaining number makes it newer, a remaining word
 * is compared against `(number)` (so `1.0 < 1.0.1` but `1.0rc1 < 1.0`).
 *
 * One deliberate difference: PHP reads numbers with `strtol`, which saturates at 2^63-1;
 * here numbers of any length compare exactly.
 */
export function phpVersionCompare(a: string, b: string): Ordering {
  if (a === "" || b === "") {
    if (a === b) return 0;
    return a !== "" ? 1 : -1;
  }
  const x = a.startsWith("#") ? a : canonicalize(a);
  const y = b.startsWith("#") ? b : canonicalize(b);
  // Walk both strings part by part (parts end at "."), as PHP's pointer loop does: an empty
  // part before a "." is compared like a word; the end of a string stops the walk.
  let p = 0;
  let q = 0;
  let more1 = true;
  let more2 = true;
  while (p < x.length && q < y.length && more1 && more2) {
    const dot1 = x.indexOf(".", p);
    const dot2 = y.indexOf(".", q);
    more1 = dot1 >= 0;
    more2 = dot2 >= 0;
    const order = comparePart(x.slice(p, more1 ? dot1 : x.length), y.slice(q, more2 ? dot2 : y.length));
    if (order !== 0) return order;
    if (more1) p = dot1 + 1;
    if (more2) q = dot2 + 1;
  }
  // One side has parts left: a number makes it newer; words are weighed against a number.
  if (more1) {
    const rest = x.slice(p);
    return startsWithDigit(rest) ? 1 : phpVersionCompare(rest, "#N#");
  }
  if (more2) {
    const rest = y.slice(q);
    return startsWithDigit(rest) ? -1 : phpVersionCompare("#N#", rest);
  }
  return 0;
}

function comparePart(p: string, q: string): Ordering {
  const dp = startsWithDigit(p);
  const dq = startsWithDigit(q);
  if (dp && dq) return compareDigitStrings(leadingDigits(p), leadingDigits(q));
  if (!dp && !dq) return compareSpecialForms(p, q);
  return dp ? compareSpecialForms("#N#", q) : compareSpecialForms(p, "#N#");
}

const SPECIAL_FORMS: ReadonlyArray<readonly [string, number]> = [
  ["dev", 0],
  ["alpha", 1],
  ["a", 1],
  ["beta", 2],
  ["b", 2],
  ["RC", 3],
  ["rc", 3],
  ["#", 4],
  ["pl", 5],
  ["p", 5],
];

function specialFormRank(form: string): number {
  return SPECIAL_FORMS.find(([name]) => form.startsWith(name))?.[1] ?? -1;
}

function compareSpecialForms(p: string, q: string): Ordering {
  const order = specialFormRank(p) - specialFormRank(q);
  return order < 0 ? -1 : order > 0 ? 1 : 0;
}

/** PHP's `php_canonicalize_version()`. */
export function canonicalize(version: string): string {
  if (version === "") return "";
  let out = version[0] as string;
  let previous = version.charCodeAt(0);
  for (let i = 1; i < version.length; i++) {
    const c = version.charCodeAt(i);
    const ch = version[i] as string;
    const last = out[out.length - 1];
    if (ch === "-" || ch === "_" || ch === "+") {
      if (last !== ".") out += ".";
    } else if ((isNonDigit(previous) && isDigit(c)) || (isDigit(previous) && isNonDigit(c))) {
      if (last !== ".") out += ".";
      out += ch;
    } else if (!isAsciiDigit(c) && !isAsciiLetter(c)) {
      if (last !== ".") out += ".";
    } else {
      out += ch;
    }
    previous = c;
  }
  return out;
}

function isDigit(c: number): boolean {
  return isAsciiDigit(c);
}

function isNonDigit(c: number): boolean {
  return !isAsciiDigit(c) && c !== 0x2e;
}

function startsWithDigit(s: string): boolean {
  return s.length > 0 && isAsciiDigit(s.charCodeAt(0));
}

function leadingDigits(s: string): string {
  return /^[0-9]*/.exec(s)?.[0] ?? "";
}

/** `version_compare($a, $b, $operator)` for PHP's operator spellings. */
export function phpVersionCompareOp(a: string, op: string, b: string): boolean | undefined {
  const order = phpVersionCompare(a, b);
  switch (op) {
    case "<":
    case "lt":
      return order < 0;
    case "<=":
    case "le":
      return order <= 0;
    case ">":
    case "gt":
      return order > 0;
    case ">=":
    case "ge":
      return order >= 0;
    case "==":
    case "=":
    case "eq":
      return order === 0;
    case "!=":
    case "<>":
    case "ne":
      return order !== 0;
    default:
      return undefined;
  }
}
