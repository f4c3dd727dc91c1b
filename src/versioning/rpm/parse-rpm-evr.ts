import type { ParseResult } from "../version-scheme.js";

/** An rpm `[epoch:]version[-release]`. Absent parts are `undefined`. */
export interface RpmEvr {
  /** The epoch as written (digits only); `undefined` when absent (compared as 0). */
  epoch?: string;
  version: string;
  release?: string;
}

/**
 * Splits an EVR string as rpm's `parseEVR()` does (rpmio/rpmver.c): the epoch is a run of
 * leading digits ended by `:`; the release is everything after the last `-`. A colon that
 * does not end a run of digits is part of the version (`a:1` is the version "a:1"), as in
 * rpm. Surrounding whitespace is ignored. rpm itself accepts any string; only an empty
 * version is rejected here, because nothing sensible can be compared.
 */
export function parseRpmEvr(raw: string): ParseResult<RpmEvr> {
  const text = raw.trim();
  if (text === "") return { ok: false, reason: "version string is empty" };
  const epochMatch = /^(\d*):/.exec(text);
  const epoch = epochMatch ? epochMatch[1] || "0" : undefined;
  const rest = epochMatch ? text.slice(epochMatch[0].length) : text;
  const hyphen = rest.lastIndexOf("-");
  const version = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  if (version === "") return { ok: false, reason: "version part is empty" };
  const value: RpmEvr = { version };
  if (epoch !== undefined) value.epoch = epoch;
  if (hyphen >= 0) value.release = rest.slice(hyphen + 1);
  return { ok: true, value };
}
