import type { SchemeId } from "../model/index.js";
import { getScheme } from "../versioning/index.js";
import type { AnyVersionScheme, ParseResult } from "../versioning/version-scheme.js";

/** Past this many distinct strings a scheme's memo starts afresh (a long-lived service never grows it unbounded). */
const maxEntries = 100_000;

const memos = new Map<SchemeId, AnyVersionScheme>();

/**
 * The scheme `id` with `parse` and `check` memoised by the raw string. Matching an SBOM
 * compares one installed version with every range bound of every candidate, and the same
 * bounds recur across packages: each string is read once instead of once per comparison.
 * Parsing is pure, so the memo never changes an answer; `compare` is the scheme's own.
 * @throws DrydockError `DRYDOCK_UNKNOWN_SCHEME` for an unknown scheme id, as getScheme.
 */
export function memoisedScheme(id: SchemeId): AnyVersionScheme {
  let memo = memos.get(id);
  if (memo === undefined) {
    memo = memoise(getScheme(id));
    memos.set(id, memo);
  }
  return memo;
}

function memoise(scheme: AnyVersionScheme): AnyVersionScheme {
  const results = new Map<string, ParseResult<unknown>>();
  const check = (raw: string): ParseResult<unknown> => {
    let r = results.get(raw);
    if (r === undefined) {
      if (results.size >= maxEntries) results.clear();
      r = scheme.check(raw);
      results.set(raw, r);
    }
    return r;
  };
  const memo: AnyVersionScheme = {
    id: scheme.id,
    ranges: scheme.ranges,
    compare: scheme.compare,
    check,
    parse: (raw) => {
      const r = check(raw);
      return r.ok ? r.value : undefined;
    },
  };
  if (scheme.compareUnparsed) memo.compareUnparsed = scheme.compareUnparsed;
  return memo;
}
