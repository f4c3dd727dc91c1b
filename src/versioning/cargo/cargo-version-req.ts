import type { ParseResult, RangeSyntax } from "../version-scheme.js";
import { type CargoVersion, comparePrerelease } from "./cargo-version.js";

type CargoOp = "=" | ">" | ">=" | "<" | "<=" | "~" | "^" | "*";

/** One comparator of a `VersionReq`; `minor`/`patch` are absent in partial versions (`^1.2`). */
export interface CargoComparator {
  op: CargoOp;
  major: bigint;
  minor?: bigint;
  patch?: bigint;
  pre: readonly string[];
}

const COMPARATOR =
  /^(=|>=|>|<=|<|~|\^)?\s*(0|[1-9][0-9]*)(?:\.(0|[1-9][0-9]*|[*xX])(?:\.(0|[1-9][0-9]*|[*xX]))?)?(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/**
 * Cargo version requirements (`semver::VersionReq`, https://doc.rust-lang.org/cargo/reference/specifying-dependencies.html):
 * comma-separated comparators that must all hold; a bare version means `^`; `*`, `1.*` and
 * `1.2.*` are wildcards. A pre-release version only matches when some comparator names
 * the same major.minor.patch with a pre-release (`>=1.2.3-beta` admits `1.2.3-rc1` but
 * not `1.2.4-rc1`). Build metadata in a requirement is ignored.
 */
export const cargoVersionReqs: RangeSyntax<CargoVersion, CargoComparator[]> = {
  name: "Cargo version requirement",
  parse(range) {
    const text = (typeof range === "string" ? range : range.join(",")).trim();
    if (/^[*xX]$/.test(text)) return { ok: true, value: [] };
    const comparators: CargoComparator[] = [];
    for (const part of text.split(",")) {
      const c = parseComparator(part.trim());
      if (!c.ok) return { ok: false, reason: `${c.reason} in Cargo requirement "${text}"` };
      comparators.push(c.value);
    }
    return { ok: true, value: comparators };
  },
  matches(version, comparators) {
    if (!comparators.every((c) => matchesComparator(c, version))) return false;
    if (version.pre.length === 0) return true;
    return comparators.some(
      (c) =>
        c.major === version.major &&
        c.minor === version.minor &&
        c.patch === version.patch &&
        c.pre.length > 0,
    );
  },
};

function parseComparator(text: string): ParseResult<CargoComparator> {
  const m = COMPARATOR.exec(text);
  if (!m) return { ok: false, reason: `bad comparator "${text}"` };
  const [, opText, majorText = "", minorText, patchText, preText] = m;
  const minorWild = minorText !== undefined && /^[*xX]$/.test(minorText);
  const patchWild = patchText !== undefined && /^[*xX]$/.test(patchText);
  if (minorWild && patchText !== undefined && !patchWild)
    return { ok: false, reason: `"${text}": number after wildcard` };
  const patch = patchText === undefined || patchWild ? undefined : BigInt(patchText);
  if (preText !== undefined && patch === undefined)
    return { ok: false, reason: `"${text}": pre-release needs a full version` };
  const wildcard = minorWild || patchWild;
  let op: CargoOp = (opText as CargoOp | undefined) ?? (wildcard ? "*" : "^");
  if (wildcard && opText === "=") op = "*";
  const comparator: CargoComparator = {
    op,
    major: BigInt(majorText),
    pre: preText === undefined ? [] : preText.split("."),
  };
  if (minorText !== undefined && !minorWild) comparator.minor = BigInt(minorText);
  if (patch !== undefined) comparator.patch = patch;
  return { ok: true, value: comparator };
}

function matchesComparator(c: CargoComparator, v: CargoVersion): boolean {
  switch (c.op) {
    case "=":
    case "*":
      return matchesExact(c, v);
    case ">":
      return matchesGreater(c, v);
    case ">=":
      return matchesExact(c, v) || matchesGreater(c, v);
    case "<":
      return matchesLess(c, v);
    case "<=":
      return matchesExact(c, v) || matchesLess(c, v);
    case "~":
      return matchesTilde(c, v);
    case "^":
      return matchesCaret(c, v);
  }
}

function matchesExact(c: CargoComparator, v: CargoVersion): boolean {
  if (v.major !== c.major) return false;
  if (c.minor !== undefined && v.minor !== c.minor) return false;
  if (c.patch !== undefined && v.patch !== c.patch) return false;
  return comparePrerelease(v.pre, c.pre) === 0;
}

function matchesGreater(c: CargoComparator, v: CargoVersion): boolean {
  if (v.major !== c.major) return v.major > c.major;
  if (c.minor === undefined) return false;
  if (v.minor !== c.minor) return v.minor > c.minor;
  if (c.patch === undefined) return false;
  if (v.patch !== c.patch) return v.patch > c.patch;
  return comparePrerelease(v.pre, c.pre) > 0;
}

function matchesLess(c: CargoComparator, v: CargoVersion): boolean {
  if (v.major !== c.major) return v.major < c.major;
  if (c.minor === undefined) return false;
  if (v.minor !== c.minor) return v.minor < c.minor;
  if (c.patch === undefined) return false;
  if (v.patch !== c.patch) return v.patch < c.patch;
  return comparePrerelease(v.pre, c.pre) < 0;
}

/** `~1.2.3`: same major.minor, patch at least 3; `~1.2` / `~1`: same major(.minor). */
function matchesTilde(c: CargoComparator, v: CargoVersion): boolean {
  if (v.major !== c.major) return false;
  if (c.minor !== undefined && v.minor !== c.minor) return false;
  if (c.patch !== undefined && v.patch !== c.patch) return v.patch > c.patch;
  return comparePrerelease(v.pre, c.pre) >= 0;
}

/** `^1.2.3`: below the next change of the leftmost non-zero part (`^0.1.2` < 0.2.0, `^0.0.3` = 0.0.3). */
function matchesCaret(c: CargoComparator, v: CargoVersion): boolean {
  if (v.major !== c.major) return false;
  if (c.minor === undefined) return true;
  if (c.patch === undefined) return c.major > 0n ? v.minor >= c.minor : v.minor === c.minor;
  if (c.major > 0n) {
    if (v.minor !== c.minor) return v.minor > c.minor;
    if (v.patch !== c.patch) return v.patch > c.patch;
  } else if (c.minor > 0n) {
    if (v.minor !== c.minor) return false;
    if (v.patch !== c.patch) return v.patch > c.patch;
  } else if (v.minor !== c.minor || v.patch !== c.patch) {
    return false;
  }
  return comparePrerelease(v.pre, c.pre) >= 0;
}
