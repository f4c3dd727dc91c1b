import type { Ordering, ParseResult, RangeSyntax } from "./version-scheme.js";

/** One `op version` term of a comparator list. */
export interface Comparator<V> {
  op: string;
  bound: V;
}

/**
 * Builds the range syntax of ecosystems whose tools only know single comparisons (dpkg
 * relations, rpm and apk dependency operators, Go module queries): a comma-separated list
 * of `op version` terms that must all hold. `ops` maps each operator to a test of
 * `compare(version, bound)`; a term without an operator uses `bareOp`.
 */
export function defineComparatorList<V>(spec: {
  name: string;
  ops: Readonly<Record<string, (order: Ordering) => boolean>>;
  check(raw: string): ParseResult<V>;
  compare(a: V, b: V): Ordering;
  /** Operators that are not a plain test of `compare` (apk's fuzzy `~`). */
  special?: Readonly<Record<string, (version: V, bound: V) => boolean>>;
  /** The operator a bare version means. */
  bareOp: string;
}): RangeSyntax<V, Comparator<V>[]> {
  const opNames = [...Object.keys(spec.ops), ...Object.keys(spec.special ?? {})].sort(
    (a, b) => b.length - a.length,
  );
  return {
    name: spec.name,
    parse(range) {
      const text = typeof range === "string" ? range : range.join(",");
      const terms: Comparator<V>[] = [];
      for (const part of text.split(",")) {
        const term = part.trim();
        if (term === "") return { ok: false, reason: `empty term in ${spec.name} "${text}"` };
        const op = opNames.find((o) => term.startsWith(o)) ?? "";
        const raw = term.slice(op.length).trim();
        const bound = spec.check(raw);
        if (!bound.ok) return { ok: false, reason: `bad version in ${spec.name} "${text}": ${bound.reason}` };
        terms.push({ op: op === "" ? spec.bareOp : op, bound: bound.value });
      }
      return { ok: true, value: terms };
    },
    matches(version, terms) {
      return terms.every(({ op, bound }) => {
        const special = spec.special?.[op];
        if (special) return special(version, bound);
        const test = spec.ops[op];
        return test?.(spec.compare(version, bound));
      });
    },
  };
}

/** The usual relational operators. */
export const relationalOps = {
  "<": (o: Ordering) => o < 0,
  "<=": (o: Ordering) => o <= 0,
  "=": (o: Ordering) => o === 0,
  ">=": (o: Ordering) => o >= 0,
  ">": (o: Ordering) => o > 0,
} as const;
