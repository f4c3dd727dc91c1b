const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTime = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Reads an ignore rule's `expires` value: `YYYY-MM-DD` (the rule holds through that whole day,
 * UTC, and stops at the next midnight UTC) or an RFC 3339 date-time with a zone (`2026-03-01T12:00:00Z`,
 * `2026-03-01T12:00:00+02:00`; the rule stops at that instant). Returns the first instant at
 * which the rule no longer applies, or undefined when the text is neither form or names a day
 * that does not exist.
 */
export function parseExpiry(text: string): Date | undefined {
  const d = dateOnly.exec(text);
  if (d) {
    const [y, m, day] = [Number(d[1]), Number(d[2]), Number(d[3])];
    if (!isRealDay(y, m, day)) return undefined;
    return new Date(Date.UTC(y, m - 1, day + 1));
  }
  const t = dateTime.exec(text);
  if (!t) return undefined;
  const [y, m, day, hh, mm, ss] = [1, 2, 3, 4, 5, 6].map((i) => Number(t[i]));
  if (!isRealDay(y!, m!, day!) || hh! > 23 || mm! > 59 || ss! > 60) return undefined;
  const at = new Date(text.replace(" ", "T"));
  return Number.isNaN(at.getTime()) ? undefined : at;
}

function isRealDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}
