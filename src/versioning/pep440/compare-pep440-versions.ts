import { compareCodeUnits, compareDigitStrings, compareLists, isAllDigits, signOf } from "../ordering.js";
import type { Ordering } from "../version-scheme.js";
import type { Pep440Parts, Pep440Version } from "./parse-pep440-version.js";

/**
 * PEP 440 ordering ("Summary of permitted suffixes and relative ordering",
 * https://peps.python.org/pep-0440/#summary-of-permitted-suffixes-and-relative-ordering),
 * with pypa/packaging's sort key: epoch; release with trailing zeros dropped
 * (`1.0 == 1.0.0`); then `X.devN < XaN < XbN < XrcN < X < X.postN`, where a dev release
 * of a pre or post release sorts just before it; finally the local label, which makes a
 * version newer than the same public version (labels compare part by part, numbers above
 * words, numbers by value). Numbers of any size compare exactly.
 */
export function comparePep440Versions(a: Pep440Version, b: Pep440Version): Ordering {
  if (a.normalized === b.normalized) return 0;
  const x = a.parts;
  const y = b.parts;
  return (
    compareDigitStrings(x.epoch, y.epoch) ||
    compareLists(trimZeros(x.release), trimZeros(y.release), compareDigitStrings) ||
    compareRanks(preRank(x), preRank(y)) ||
    compareRanks(optional(x.post, -1), optional(y.post, -1)) ||
    compareRanks(optional(x.dev, 1), optional(y.dev, 1)) ||
    compareLocal(x.local, y.local)
  );
}

/** A sort key piece: -1 (before everything), 1 (after everything) or a value to compare. */
type Rank = -1 | 1 | readonly [number, string];

const PRE_ORDER = { a: 0, b: 1, rc: 2 } as const;

/** No pre-release: after every pre-release, unless it is a bare dev release (`1.0.dev0 < 1.0a0`). */
function preRank(p: Pep440Parts): Rank {
  if (p.pre === null) return p.post === null && p.dev !== null ? -1 : 1;
  return [PRE_ORDER[p.pre[0]], p.pre[1]];
}

function optional(n: string | null, missing: -1 | 1): Rank {
  return n === null ? missing : [0, n];
}

function compareRanks(a: Rank, b: Rank): Ordering {
  if (typeof a === "number" || typeof b === "number") {
    const x = typeof a === "number" ? a * 2 : 0;
    const y = typeof b === "number" ? b * 2 : 0;
    return signOf(x - y);
  }
  return signOf(a[0] - b[0]) || compareDigitStrings(a[1], b[1]);
}

function trimZeros(release: readonly string[]): readonly string[] {
  let end = release.length;
  while (end > 0 && release[end - 1] === "0") end--;
  return release.slice(0, end);
}

function compareLocal(a: string | null, b: string | null): Ordering {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return compareLists(a.split("."), b.split("."), (x, y) => {
    const nx = isAllDigits(x);
    const ny = isAllDigits(y);
    if (nx && ny) return compareDigitStrings(x, y);
    if (nx !== ny) return nx ? 1 : -1;
    return compareCodeUnits(x, y);
  });
}
