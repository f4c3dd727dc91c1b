import { formatGoVersion, parseGoVersion } from "./parse-go-version.js";

/**
 * Go pseudo-versions (https://go.dev/ref/mod#pseudo-versions): `vX.0.0-yyyymmddhhmmss-rev`
 * (no earlier tag), `vX.Y.(Z+1)-0.yyyymmddhhmmss-rev` (after release vX.Y.Z) and
 * `vX.Y.Z-pre.0.yyyymmddhhmmss-rev` (after pre-release vX.Y.Z-pre), each with an optional
 * `+build` suffix. They sort after the tag they build on and before the next release.
 */
const PSEUDO =
  /^v[0-9]+\.(0\.0-|\d+\.\d+-([^+]*\.)?0\.)\d{14}-[A-Za-z0-9]+(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** Tells whether `v` is a pseudo-version (x/mod's `module.IsPseudoVersion`). */
export function isPseudoVersion(v: string): boolean {
  return (v.match(/-/g)?.length ?? 0) >= 2 && parseGoVersion(v).ok && v.startsWith("v") && PSEUDO.test(v);
}

/** The parts of a pseudo-version, or `undefined` when `v` is not one. */
export function splitPseudoVersion(
  v: string,
): { base: string; timestamp: string; rev: string; build: string } | undefined {
  if (!isPseudoVersion(v)) return undefined;
  const plus = v.indexOf("+");
  const build = plus >= 0 ? v.slice(plus) : "";
  let rest = plus >= 0 ? v.slice(0, plus) : v;
  const lastHyphen = rest.lastIndexOf("-");
  const rev = rest.slice(lastHyphen + 1);
  rest = rest.slice(0, lastHyphen);
  const hyphen = rest.lastIndexOf("-");
  const dot = rest.lastIndexOf(".");
  const cut = Math.max(dot, hyphen);
  return { base: rest.slice(0, cut), timestamp: rest.slice(cut + 1), rev, build };
}

/** The commit time a pseudo-version encodes, or `undefined` when `v` is not one. */
export function pseudoVersionTime(v: string): Date | undefined {
  const ts = splitPseudoVersion(v)?.timestamp;
  if (ts === undefined) return undefined;
  const iso = `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(8, 10)}:${ts.slice(10, 12)}:${ts.slice(12, 14)}Z`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19) !== iso.slice(0, 19)
    ? undefined
    : date;
}

/** The revision identifier (commit hash prefix) of a pseudo-version. */
export function pseudoVersionRev(v: string): string | undefined {
  return splitPseudoVersion(v)?.rev;
}

/**
 * Builds the pseudo-version for a commit made at `time` with revision `rev`, on top of the
 * latest tag `older` ("" when there is none; `major` then gives the major version, default
 * `v0`), as x/mod's `module.PseudoVersion` does.
 */
export function buildPseudoVersion(major: string, older: string, time: Date, rev: string): string {
  const segment = `${formatTimestamp(time)}-${rev}`;
  const parsed = older === "" ? undefined : parseGoVersion(older);
  if (parsed === undefined || !parsed.ok) return `${major === "" ? "v0" : major}.0.0-${segment}`;
  const { build } = parsed.value;
  if (parsed.value.prerelease !== "") return `${formatGoVersion(parsed.value)}.0.${segment}${build}`;
  const { major: x, minor: y, patch: z } = parsed.value;
  return `v${x}.${y}.${incrementDecimal(z)}-0.${segment}${build}`;
}

function formatTimestamp(t: Date): string {
  return t.toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** Adds one to a decimal digit string of any length. */
function incrementDecimal(digits: string): string {
  const out = digits.split("");
  let i = out.length - 1;
  while (i >= 0 && out[i] === "9") out[i--] = "0";
  if (i < 0) return `1${out.join("")}`;
  out[i] = String(Number(out[i]) + 1);
  return out.join("");
}
