import type { ParseResult } from "../version-scheme.js";

/** A Debian version `[epoch:]upstream_version[-debian_revision]` (deb-version(7)). */
export interface DpkgVersion {
  epoch: number;
  upstream: string;
  /** `""` when the version has no revision (dpkg compares it as an empty string). */
  revision: string;
}

const INT_MAX = 2147483647;

/**
 * Reads a Debian version exactly as dpkg's `parseversion()` does (lib/dpkg/parsehelp.c).
 *
 * Surrounding spaces and tabs are ignored. Errors reject the version (empty, embedded
 * blanks, bad epoch, empty upstream version or revision). dpkg only *warns* about an
 * upstream version that does not start with a digit or about characters outside
 * `[A-Za-z0-9.+~:-]` (`[A-Za-z0-9.+~]` in the revision); `dpkg --compare-versions` still
 * compares such versions, so they parse here too, with `warning` set.
 */
export function parseDpkgVersion(raw: string): ParseResult<DpkgVersion> {
  const text = trimBlanks(raw);
  if (text === "") return fail("version string is empty");
  if (/[ \t]/.test(text)) return fail("version string has embedded spaces");

  let epoch = 0;
  let rest = text;
  const colon = text.indexOf(":");
  if (colon >= 0) {
    const parsed = parseEpoch(text.slice(0, colon));
    if (typeof parsed === "string") return fail(parsed);
    epoch = parsed;
    rest = text.slice(colon + 1);
    if (rest === "") return fail("nothing after colon in version number");
  }

  const hyphen = rest.lastIndexOf("-");
  const upstream = hyphen >= 0 ? rest.slice(0, hyphen) : rest;
  const revision = hyphen >= 0 ? rest.slice(hyphen + 1) : "";
  if (hyphen >= 0 && revision === "") return fail("revision number is empty");
  if (upstream === "") return fail("version number is empty");

  const value: DpkgVersion = { epoch, upstream, revision };
  const warning = checkCharacters(upstream, revision);
  return warning === undefined ? { ok: true, value } : { ok: true, value, warning };
}

/** The epoch as C `strtol` reads it before the colon, or the dpkg error message. */
function parseEpoch(text: string): number | string {
  const m = /^[\t\n\v\f\r ]*([+-]?)(\d*)(.*)$/s.exec(text);
  const digits = m?.[2] ?? "";
  if (digits === "") return "epoch in version is empty";
  if (m?.[3] !== "") return "epoch in version is not number";
  const value = Number(digits);
  if (m[1] === "-" && value !== 0) return "epoch in version is negative";
  if (value > INT_MAX) return "epoch in version is too big";
  return value;
}

function checkCharacters(upstream: string, revision: string): string | undefined {
  if (!/^[0-9]/.test(upstream)) return "version number does not start with digit";
  if (/[^A-Za-z0-9.+~:-]/.test(upstream)) return "invalid character in version number";
  if (/[^A-Za-z0-9.+~]/.test(revision)) return "invalid character in revision number";
  return undefined;
}

function trimBlanks(s: string): string {
  return s.replace(/^[ \t]+|[ \t]+$/g, "");
}

function fail(reason: string): ParseResult<DpkgVersion> {
  return { ok: false, reason };
}
