import { defineComparatorList, relationalOps } from "../comparator-list.js";
import { defineScheme, type Ordering } from "../version-scheme.js";
import { compareGoVersions } from "./compare-go-versions.js";
import { type GoVersion, parseGoVersion } from "./parse-go-version.js";

/**
 * Go module query comparisons (https://go.dev/ref/mod#version-queries): `<v1.2.3`,
 * `<=v1.2.3`, `>v1.2.3`, `>=v1.2.3`; a bare version means exactly that version. Terms may be
 * joined with commas (all must hold).
 */
const goQueries = defineComparatorList<GoVersion>({
  name: "Go version query list",
  ops: relationalOps,
  bareOp: "=",
  check: parseGoVersion,
  compare: compareGoVersions,
});

/** x/mod semver: every invalid string equals every other and sorts below any valid one. */
function compareInvalidGo(a: string, b: string): Ordering {
  const okA = parseGoVersion(a).ok;
  const okB = parseGoVersion(b).ok;
  if (okA === okB) return 0;
  return okA ? 1 : -1;
}

export const golangScheme = defineScheme({
  id: "golang",
  check: parseGoVersion,
  compare: compareGoVersions,
  compareUnparsed: compareInvalidGo,
  ranges: goQueries,
});
