import { compareCodeUnits, compareDigitStrings, isAsciiDigit, isAsciiLetter } from "../ordering.js";
import type { Ordering } from "../version-scheme.js";

const TILDE = 0x7e;
const CARET = 0x5e;

/**
 * rpm's `rpmvercmp()` (rpmio/rpmvercmp.c; https://rpm-software-management.github.io/rpm/manual/dependencies.html#versioning):
 * orders one version or release string.
 *
 * - Any run of characters other than ASCII letters, digits, `~` and `^` is a separator;
 *   separators only split segments (`2.0 == 2_0`).
 * - `~` sorts before anything, even the end of the string: `1.0~rc1 < 1.0`.
 * - `^` sorts after the end of the string but before anything else: `1.0 < 1.0^git1 < 1.0.1`.
 * - Segments are maximal runs of digits or of letters. Numeric segments compare by value
 *   (any length); alphabetic ones by byte order; a numeric segment is newer than an
 *   alphabetic one.
 * - When all segments are equal, the string with characters left over is newer.
 */
export function rpmvercmp(a: string, b: string): Ordering {
  if (a === b) return 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    while (i < a.length && isSeparator(a.charCodeAt(i))) i++;
    while (j < b.length && isSeparator(b.charCodeAt(j))) j++;
    const ca = i < a.length ? a.charCodeAt(i) : 0;
    const cb = j < b.length ? b.charCodeAt(j) : 0;

    if (ca === TILDE || cb === TILDE) {
      if (ca !== TILDE) return 1;
      if (cb !== TILDE) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === CARET || cb === CARET) {
      if (ca === 0) return -1;
      if (cb === 0) return 1;
      if (ca !== CARET) return 1;
      if (cb !== CARET) return -1;
      i++;
      j++;
      continue;
    }
    if (ca === 0 || cb === 0) break;

    const numeric = isAsciiDigit(ca);
    const inSegment = numeric ? isAsciiDigit : isAsciiLetter;
    const endA = scan(a, i, inSegment);
    const endB = scan(b, j, inSegment);
    // Segments of different kinds: the numeric one is newer.
    if (endB === j) return numeric ? 1 : -1;
    const segA = a.slice(i, endA);
    const segB = b.slice(j, endB);
    const order = numeric ? compareDigitStrings(segA, segB) : compareCodeUnits(segA, segB);
    if (order !== 0) return order;
    i = endA;
    j = endB;
  }
  if (i >= a.length && j >= b.length) return 0;
  return i >= a.length ? -1 : 1;
}

function isSeparator(c: number): boolean {
  return !isAsciiDigit(c) && !isAsciiLetter(c) && c !== TILDE && c !== CARET;
}

function scan(s: string, from: number, accept: (c: number) => boolean): number {
  let k = from;
  while (k < s.length && accept(s.charCodeAt(k))) k++;
  return k;
}
