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
  const x = toBytes(a);
  const y = toBytes(b);
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    while ((i < x.length && !isDigit(x[i])) || (j < y.length && !isDigit(y[j]))) {
      const ac = orderOf(x[i]);
      const bc = orderOf(y[j]);
      if (ac !== bc) return signOf(ac - bc);
      i++;
      j++;
    }
    while (x[i] === 0x30) i++;
    while (y[j] === 0x30) j++;
    let firstDiff = 0;
    while (isDigit(x[i]) && isDigit(y[j])) {
      if (firstDiff === 0) firstDiff = (x[i] as number) - (y[j] as number);
      i++;
      j++;
    }
    if (isDigit(x[i])) return 1;
    if (isDigit(y[j])) return -1;
    if (firstDiff !== 0) return signOf(firstDiff);
  }
  return 0;
}

/** The sort weight of one byte in a non-digit run (`undefined` is the end of the string). */
function orderOf(c: number | undefined): number {
  if (c === undefined || isDigit(c)) return 0;
  if (isAlpha(c)) return c;
  if (c === 0x7e) return -1; // '~'
  // C: (signed char)c + 256. ASCII punctuation lands above 256; bytes >= 0x80 keep their value.
  return c >= 0x80 ? c : c + 256;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isAlpha(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function toBytes(s: string): readonly number[] {
  const out: number[] = [];
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0x80) return [...Buffer.from(s, "utf8")];
    out.push(c);
  }
  return out;
}
