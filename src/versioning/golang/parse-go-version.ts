import type { ParseResult } from "../version-scheme.js";

/** A Go module version, as golang.org/x/mod/semver reads it. */
export interface GoVersion {
  major: string;
  minor: string;
  patch: string;
  /** `""` or the pre-release with its leading `-` (`-rc.1`, `-0.20060102150405-abcdef`). */
  prerelease: string;
  /** `""` or the build suffix with its leading `+` (`+incompatible`); ignored when ordering. */
  build: string;
}

/**
 * Reads a Go module version with golang.org/x/mod/semver's grammar
 * (https://pkg.go.dev/golang.org/x/mod/semver): `vMAJOR[.MINOR[.PATCH[-pre][+build]]]`,
 * where `v1` and `v1.2` are shorthands for `v1.0.0` and `v1.2.0` and take no suffixes;
 * numbers and numeric pre-release identifiers have no leading zeros.
 *
 * One extension: the leading `v` may be omitted, because OSV writes Go versions without
 * it (`1.2.3`, and `1.21.5` for the standard library). Surrounding whitespace is ignored.
 */
export function parseGoVersion(raw: string): ParseResult<GoVersion> {
  const text = raw.trim();
  const m = GO_VERSION.exec(text.startsWith("v") ? text.slice(1) : text);
  if (!m) return { ok: false, reason: "not a valid Go module version (vMAJOR.MINOR.PATCH[-pre][+build])" };
  const [, major = "", minor, patch, prerelease = "", build = ""] = m;
  if (minor === undefined || patch === undefined) {
    // Shorthand forms take no pre-release or build suffix.
    if (prerelease !== "" || build !== "") return { ok: false, reason: "a short Go version takes no suffix" };
  }
  if (prerelease.slice(1).split(".").some(isBadNumber)) {
    return { ok: false, reason: "a numeric pre-release identifier has a leading zero" };
  }
  return { ok: true, value: { major, minor: minor ?? "0", patch: patch ?? "0", prerelease, build } };
}

const NUMBER = "(0|[1-9][0-9]*)";
const IDENTS = "[0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*";
const GO_VERSION = new RegExp(`^${NUMBER}(?:\\.${NUMBER}(?:\\.${NUMBER})?)?(-${IDENTS})?(\\+${IDENTS})?$`);

function isBadNumber(ident: string): boolean {
  return /^[0-9]+$/.test(ident) && ident.length > 1 && ident.startsWith("0");
}

/** The canonical form x/mod's `semver.Canonical` gives: `vX.Y.Z[-pre]`, build dropped. */
export function formatGoVersion(v: GoVersion): string {
  return `v${v.major}.${v.minor}.${v.patch}${v.prerelease}`;
}
