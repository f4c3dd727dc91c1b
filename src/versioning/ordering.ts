import type { Ordering } from "./version-scheme.js";

/** The sign of a number or bigint as an {@link Ordering}. */
export function signOf(n: number | bigint): Ordering {
  if (n < 0) return -1;
  if (n > 0) return 1;
  return 0;
}

/** Orders two strings by UTF-16 code units (byte order for ASCII, like C `strcmp`). */
export function compareCodeUnits(a: string, b: string): Ordering {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/**
 * Orders two strings of ASCII digits by numeric value, at any length (no overflow):
 * leading zeros are ignored, then the longer number wins, then digit order decides.
 */
export function compareDigitStrings(a: string, b: string): Ordering {
  const x = stripLeadingZeros(a);
  const y = stripLeadingZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return compareCodeUnits(x, y);
}

function stripLeadingZeros(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 0x30) i++;
  return s.slice(i);
}

/** Orders two lists element-wise; a list that is a prefix of the other sorts first. */
export function compareLists<T>(
  a: readonly T[],
  b: readonly T[],
  compare: (x: T, y: T) => Ordering,
): Ordering {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compare(a[i] as T, b[i] as T);
    if (c !== 0) return c;
  }
  return signOf(a.length - b.length);
}

export function isAsciiDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

export function isAsciiLetter(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

export function isAllDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) if (!isAsciiDigit(s.charCodeAt(i))) return false;
  return true;
}
