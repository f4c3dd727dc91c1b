import { signOf } from "../ordering.js";
import type { Ordering } from "../version-scheme.js";

/**
 * dpkg's `verrevcmp`: orders one upstream-version or revision string the way
 * `dpkg --compare-versions` does (deb-version(7), "Sorting algorithm";
 * https://manpages.debian.org/deb-version.7).
 *
 * The strings alternate non-digit and digit runs. Non-digit runs are compared character by
 * character with a modified ASCII order: `~` sorts before everything (even the end of the
 * string, so `1.0~rc1 < 1.0`), then the end of the string, then letters, then every other
 * character. Digit runs compare by numeric value (leading zeros ignored, any length).
 * dpkg works on bytes with a signed `char`, so a non-ASCII byte sorts after letters and
 * before ASCII punctuation; this function reproduces that on the UTF-8 bytes.
 */
export function compareDpkgStrings(a: string, b: string): Ordering {
  if (a === b) return 0;
  // Hot path of matching (10^5 comparisons): ASCII strings are read in place; others as
  // their UTF-8 bytes, one byte per char code, so the loop below sees bytes either way.
  const x = asBytes(a);
  const y = asBytes(b);
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    while ((i < x.length && !isDigit(codeAt(x, i))) || (j < y.length && !isDigit(codeAt(y, j)))) {
      const ac = orderOf(codeAt(x, i));
      const bc = orderOf(codeAt(y, j));
      if (ac !== bc) return signOf(ac - bc);
      i++;
      j++;
    }
    while (codeAt(x, i) === 0x30) i++;
    while (codeAt(y, j) === 0x30) j++;
    let firstDiff = 0;
    while (isDigit(codeAt(x, i)) && isDigit(codeAt(y, j))) {
      if (firstDiff === 0) firstDiff = codeAt(x, i) - codeAt(y, j);
      i++;
      j++;
    }
    if (isDigit(codeAt(x, i))) return 1;
    if (isDigit(codeAt(y, j))) return -1;
    if (firstDiff !== 0) return signOf(firstDiff);
  }
  return 0;
}

/** The byte at `k`, or `end` past the end of the string. */
function codeAt(s: string, k: number): number {
  return k < s.length ? s.charCodeAt(k) : end;
}

const end = -1;

/** The sort weight of one byte in a non-digit run (`end`: the end of the string). */
function orderOf(c: number): number {
  if (c === end || isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === 0x7e) return -1; // '~'
  // C: (signed char)c + 256. ASCII punctuation lands above 256; bytes >= 0x80 keep their value.
  return c >= 0x80 ? c : c + 256;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** `s` itself when ASCII, else its UTF-8 bytes as a string of char codes 0-255. */
function asBytes(s: string): string {
  for (let k = 0; k < s.length; k++) {
    if (s.charCodeAt(k) >= 0x80) return Buffer.from(s, "utf8").toString("latin1");
  }
  return s;
}
