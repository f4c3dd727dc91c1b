import type { ParseResult, RangeSyntax } from "../version-scheme.js";
import {
  bumpGemVersion,
  compareGemVersions,
  type GemVersion,
  gemRelease,
  parseGemVersion,
} from "./gem-version.js";

type GemOperator = "=" | "!=" | ">" | "<" | ">=" | "<=" | "~>";

/** One `Gem::Requirement` clause. */
export interface GemClause {
  op: GemOperator;
  version: GemVersion;
}

const CLAUSE = /^[ \t\r\n\f\v]*(=|!=|>=|<=|>|<|~>)?[ \t\r\n\f\v]*(.*?)[ \t\r\n\f\v]*$/s;

const tests: Readonly<Record<GemOperator, (v: GemVersion, r: GemVersion) => boolean>> = {
  "=": (v, r) => compareGemVersions(v, r) === 0,
  "!=": (v, r) => compareGemVersions(v, r) !== 0,
  ">": (v, r) => compareGemVersions(v, r) > 0,
  "<": (v, r) => compareGemVersions(v, r) < 0,
  ">=": (v, r) => compareGemVersions(v, r) >= 0,
  "<=": (v, r) => compareGemVersions(v, r) <= 0,
  // Pessimistic: at least r, and below the next release of r's second-to-last segment.
  "~>": (v, r) => compareGemVersions(v, r) >= 0 && compareGemVersions(gemRelease(v), bumpGemVersion(r)) < 0,
};

/**
 * RubyGems requirements (`Gem::Requirement`, https://guides.rubygems.org/patterns/#pessimistic-version-constraint):
 * clauses `[op] version` with `=` (default), `!=`, `>`, `<`, `>=`, `<=` and `~>`; all must
 * hold, and no clause means `>= 0`. Give the clauses as RubyGems' argument list
 * (`[">= 1.4", "< 1.5"]`) or as one comma-separated string (`">= 1.4, < 1.5"`, the form
 * advisories write).
 */
export const gemRequirements: RangeSyntax<GemVersion, GemClause[]> = {
  name: "RubyGems requirement",
  parse(range) {
    const parts = typeof range === "string" ? range.split(",") : range;
    const clauses: GemClause[] = [];
    for (const part of parts) {
      const clause = parseClause(part);
      if (!clause.ok) return clause;
      clauses.push(clause.value);
    }
    return { ok: true, value: clauses };
  },
  matches(version, clauses) {
    return clauses.every(({ op, version: bound }) => tests[op](version, bound));
  },
};

function parseClause(text: string): ParseResult<GemClause> {
  const m = CLAUSE.exec(text);
  const versionText = m?.[2] ?? "";
  const version = versionText === "" ? undefined : parseGemVersion(versionText);
  if (!m || !version?.ok) return { ok: false, reason: `ill-formed requirement "${text}"` };
  return { ok: true, value: { op: (m[1] as GemOperator | undefined) ?? "=", version: version.value } };
}
