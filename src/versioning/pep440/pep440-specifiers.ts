import type { ParseResult, RangeSyntax } from "../version-scheme.js";
import { comparePep440Versions } from "./compare-pep440-versions.js";
import {
  isPostrelease,
  isPrerelease,
  type Pep440Version,
  parsePep440Version,
  withParts,
} from "./parse-pep440-version.js";

/** One clause of a specifier set (`>=1.0`, `==2.*`, `~=1.4.2`, `===foo`). */
export type Pep440Specifier =
  | { op: "==" | "!="; version: Pep440Version; prefix: false }
  | { op: "==" | "!="; prefix: true; split: string[] }
  | { op: "~=" | "<=" | ">=" | "<" | ">"; version: Pep440Version }
  | { op: "==="; text: string };

const CLAUSE = /^\s*(===|~=|==|!=|<=|>=|<|>)\s*(\S*)\s*$/;
const RELEASE_ONLY = /^v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*$/i;

/**
 * PEP 440 version specifiers ("Version specifiers", https://peps.python.org/pep-0440/#version-specifiers),
 * with pypa/packaging's exact semantics for exclusive comparisons, prefix matching and
 * local labels. A set is comma-separated and all clauses must hold; an empty set matches
 * everything. Pre-releases are always eligible (packaging's `prereleases=True`): a
 * vulnerability range check must not skip them.
 */
export const pep440Specifiers: RangeSyntax<Pep440Version, Pep440Specifier[]> = {
  name: "PEP 440 specifier set",
  parse(range) {
    const text = typeof range === "string" ? range : range.join(",");
    if (text.trim() === "") return { ok: true, value: [] };
    const clauses: Pep440Specifier[] = [];
    for (const part of text.split(",")) {
      const clause = parseClause(part);
      if (!clause.ok) return { ok: false, reason: `${clause.reason} in "${text}"` };
      clauses.push(clause.value);
    }
    return { ok: true, value: clauses };
  },
  matches(version, clauses) {
    return clauses.every((c) => matchesClause(version, c));
  },
};

function parseClause(part: string): ParseResult<Pep440Specifier> {
  const m = CLAUSE.exec(part);
  if (!m) return { ok: false, reason: `bad specifier "${part.trim()}"` };
  const op = m[1] as Pep440Specifier["op"];
  const text = m[2] ?? "";
  if (op === "===") return text === "" ? bad(part) : { ok: true, value: { op, text } };
  if ((op === "==" || op === "!=") && text.endsWith(".*")) {
    const stem = text.slice(0, -2);
    const parsed = parsePep440Version(stem);
    if (!RELEASE_ONLY.test(stem) || !parsed.ok) return bad(part);
    return { ok: true, value: { op, prefix: true, split: splitVersion(parsed.value.normalized) } };
  }
  const parsed = parsePep440Version(text);
  if (!parsed.ok) return bad(part);
  const version = parsed.value;
  if (op === "==" || op === "!=") return { ok: true, value: { op, version, prefix: false } };
  if (version.parts.local !== null) return bad(part);
  if (op === "~=" && version.parts.release.length < 2) return bad(part);
  return { ok: true, value: { op, version } };
}

function bad(part: string): ParseResult<Pep440Specifier> {
  return { ok: false, reason: `bad specifier "${part.trim()}"` };
}

function matchesClause(v: Pep440Version, c: Pep440Specifier): boolean {
  switch (c.op) {
    case "===":
      return v.normalized.toLowerCase() === c.text.toLowerCase();
    case "==":
    case "!=":
      return (c.prefix ? matchesPrefix(v, c.split) : equalsSpec(v, c.version)) === (c.op === "==");
    case "~=":
      return (
        comparePep440Versions(publicOf(v), c.version) >= 0 && matchesPrefix(v, compatiblePrefix(c.version))
      );
    case "<=":
      return comparePep440Versions(publicOf(v), c.version) <= 0;
    case ">=":
      return comparePep440Versions(publicOf(v), c.version) >= 0;
    case "<":
      return lessThan(v, c.version);
    case ">":
      return greaterThan(v, c.version);
  }
}

/** `==V`: a spec without a local label ignores the candidate's local label. */
function equalsSpec(v: Pep440Version, spec: Pep440Version): boolean {
  const candidate = spec.parts.local === null ? publicOf(v) : v;
  return comparePep440Versions(candidate, spec) === 0;
}

/** `<V` excludes pre-releases of V itself unless V is a pre-release. */
function lessThan(v: Pep440Version, spec: Pep440Version): boolean {
  if (comparePep440Versions(v, spec) >= 0) return false;
  const earliest = withParts(spec, { dev: "0", local: null });
  return !(!isPrerelease(spec) && isPrerelease(v) && comparePep440Versions(v, earliest) >= 0);
}

/** `>V` excludes post-releases of V (unless V is one) and local versions of V. */
function greaterThan(v: Pep440Version, spec: Pep440Version): boolean {
  if (comparePep440Versions(v, spec) <= 0) return false;
  const postBase = withParts(v, { post: null, dev: null, local: null });
  if (!isPostrelease(spec) && isPostrelease(v) && comparePep440Versions(postBase, spec) === 0) return false;
  return !(v.parts.local !== null && comparePep440Versions(publicOf(v), spec) === 0);
}

function publicOf(v: Pep440Version): Pep440Version {
  return v.parts.local === null ? v : withParts(v, { local: null });
}

/**
 * Prefix matching (`==1.2.*`): both versions are split into [epoch, release parts...,
 * suffixes...], the candidate's release is zero-padded to the spec's length, and the spec
 * must be a prefix.
 */
function matchesPrefix(v: Pep440Version, spec: readonly string[]): boolean {
  const candidate = splitVersion(publicOf(v).normalized);
  const specNumeric = numericPrefixLength(spec);
  const numeric = numericPrefixLength(candidate);
  const padded =
    numeric < specNumeric
      ? [
          ...candidate.slice(0, numeric),
          ...Array<string>(specNumeric - numeric).fill("0"),
          ...candidate.slice(numeric),
        ]
      : candidate;
  return spec.every((part, i) => padded[i] === part);
}

/** `~=V` means `>=V, ==P.*` where P is V's release without its last part (suffixes dropped). */
function compatiblePrefix(spec: Pep440Version): string[] {
  const split = splitVersion(spec.normalized);
  const release = split.slice(0, numericPrefixLength(split));
  return release.slice(0, -1);
}

/** Splits a normalised version into its epoch and dot parts, `0rc1` into `0` and `rc1` (packaging `_version_split`). */
function splitVersion(normalized: string): string[] {
  const bang = normalized.indexOf("!");
  const out = [bang >= 0 ? normalized.slice(0, bang) : "0"];
  for (const item of normalized.slice(bang + 1).split(".")) {
    const m = /^([0-9]+)((?:a|b|c|rc)[0-9]+)$/.exec(item);
    if (m) out.push(m[1] as string, m[2] as string);
    else out.push(item);
  }
  return out;
}

function numericPrefixLength(split: readonly string[]): number {
  let n = 0;
  while (n < split.length && /^[0-9]+$/.test(split[n] as string)) n++;
  return n;
}
