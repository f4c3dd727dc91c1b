import type { ParseResult } from "../version-scheme.js";

/** The parts of a PEP 440 version, normalised. Numbers are kept as digit strings (no size limit). */
export interface Pep440Parts {
  epoch: string;
  release: readonly string[];
  /** `["a" | "b" | "rc", n]` or null. */
  pre: readonly ["a" | "b" | "rc", string] | null;
  post: string | null;
  dev: string | null;
  /** Normalised local label (`ubuntu.1`) or null. */
  local: string | null;
}

/** A parsed PEP 440 version: its parts and its normalised form. */
export interface Pep440Version {
  parts: Pep440Parts;
  /** The normalised version (`1!2.0rc1.post3.dev4+ubuntu.1`), as pypa/packaging prints it. */
  normalized: string;
}

// The version grammar of PEP 440, Appendix B (https://peps.python.org/pep-0440/#appendix-b-parsing-version-strings-with-regular-expressions).
const PEP440 = new RegExp(
  [
    "^v?",
    "(?:(?<epoch>[0-9]+)!)?",
    "(?<release>[0-9]+(?:\\.[0-9]+)*)",
    "(?<pre>[-_.]?(?<preL>alpha|beta|preview|pre|a|b|c|rc)[-_.]?(?<preN>[0-9]+)?)?",
    "(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?",
    "(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?",
    "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$",
  ].join(""),
  "i",
);

const PRE_LETTERS: Readonly<Record<string, "a" | "b" | "rc">> = {
  a: "a",
  alpha: "a",
  b: "b",
  beta: "b",
  c: "rc",
  rc: "rc",
  pre: "rc",
  preview: "rc",
};

/**
 * Reads a PEP 440 version (https://peps.python.org/pep-0440/) the way pypa/packaging's
 * `Version` does: surrounding whitespace and a leading `v` are ignored, case does not
 * matter, alternative spellings are normalised (`alpha` → `a`, `c`/`pre`/`preview` → `rc`,
 * `rev`/`r`/`-N` → post-release), missing numbers are 0.
 */
export function parsePep440Version(raw: string): ParseResult<Pep440Version> {
  const g = PEP440.exec(raw.trim())?.groups;
  if (!g) return { ok: false, reason: "not a valid PEP 440 version" };
  const preLetter = g.preL === undefined ? undefined : PRE_LETTERS[g.preL.toLowerCase()];
  const parts: Pep440Parts = {
    epoch: number(g.epoch ?? "0"),
    release: (g.release as string).split(".").map(number),
    pre: preLetter === undefined ? null : [preLetter, number(g.preN ?? "0")],
    post: g.post === undefined ? null : number(g.postN1 ?? g.postN2 ?? "0"),
    dev: g.dev === undefined ? null : number(g.devN ?? "0"),
    local: g.local === undefined ? null : normalizeLocal(g.local),
  };
  return { ok: true, value: { parts, normalized: formatPep440(parts) } };
}

/** A number without its leading zeros. */
function number(digits: string): string {
  return digits.replace(/^0+(?=\d)/, "");
}

/** Local label normal form: lower case, `-` and `_` become `.`, numbers lose leading zeros. */
function normalizeLocal(local: string): string {
  return local
    .toLowerCase()
    .split(/[-_.]/)
    .map((part) => (/^[0-9]+$/.test(part) ? number(part) : part))
    .join(".");
}

/** Prints parts in PEP 440 normal form. */
export function formatPep440(p: Pep440Parts): string {
  let s = p.epoch !== "0" ? `${p.epoch}!` : "";
  s += p.release.join(".");
  if (p.pre) s += `${p.pre[0]}${p.pre[1]}`;
  if (p.post !== null) s += `.post${p.post}`;
  if (p.dev !== null) s += `.dev${p.dev}`;
  if (p.local !== null) s += `+${p.local}`;
  return s;
}

/** The version with some parts replaced, re-normalised. */
export function withParts(v: Pep440Version, change: Partial<Pep440Parts>): Pep440Version {
  const parts = { ...v.parts, ...change };
  return { parts, normalized: formatPep440(parts) };
}

export function isPrerelease(v: Pep440Version): boolean {
  return v.parts.pre !== null || v.parts.dev !== null;
}

export function isPostrelease(v: Pep440Version): boolean {
  return v.parts.post !== null;
}
