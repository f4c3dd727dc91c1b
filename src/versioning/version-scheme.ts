import type { SchemeId } from "../model/advisory.js";

/** The sign of a comparison: `a < b` is -1, `a == b` is 0, `a > b` is 1. */
export type Ordering = -1 | 0 | 1;

/**
 * The outcome of reading one version string. `warning` is set when the ecosystem's own
 * tool accepts the string but complains about it (dpkg's "bad syntax" warnings): the value
 * is usable for ordering, and callers may still report it as a Diagnostic.
 */
export type ParseResult<V> = { ok: true; value: V; warning?: string } | { ok: false; reason: string };

/**
 * One ecosystem's version ordering.
 *
 * Invariants every scheme keeps:
 * - `parse` and `check` never throw, whatever the input (hostile strings included).
 * - `compare` is a total order on parsed values: antisymmetric (`compare(a, b) === -compare(b, a)`)
 *   and deterministic. Each scheme documents the reference tool it reproduces.
 */
export interface VersionScheme<V> {
  readonly id: SchemeId;
  /** Reads `raw`, or `undefined` when the ecosystem's reference tool rejects it. */
  parse(raw: string): V | undefined;
  /** Like `parse`, with the reason for a rejection (for a Diagnostic). */
  check(raw: string): ParseResult<V>;
  compare(a: V, b: V): Ordering;
  /**
   * How the reference tool orders strings of which at least one does not parse (apk and
   * Go's x/mod order every string). Without it, the rule in `compareRaw` applies.
   */
  compareUnparsed?(a: string, b: string): Ordering;
  /**
   * The ecosystem's range (requirement) syntax: npm ranges, PEP 440 specifiers, Maven and
   * NuGet intervals, ...; for ecosystems whose tools only know single comparisons (dpkg,
   * rpm, apk, Go), a comma-separated list of `op version` terms.
   */
  readonly ranges: RangeSyntax<V, unknown>;
}

/**
 * An ecosystem's range syntax: `parse` reads a range expression (or the parts of one, for
 * RubyGems' argument lists) and `matches` tests a parsed version against it.
 */
export interface RangeSyntax<V, R> {
  /** What the syntax is, for messages (`npm range`, `PEP 440 specifier set`). */
  readonly name: string;
  parse(range: string | readonly string[]): ParseResult<R>;
  matches(version: V, range: R): boolean;
}

/** A scheme of unknown value type, as the registry holds them. */
export type AnyVersionScheme = VersionScheme<unknown>;

/**
 * Builds a scheme whose `parse` is derived from `check`, so the two can never disagree.
 */
export function defineScheme<V, R>(spec: {
  id: SchemeId;
  check(raw: string): ParseResult<V>;
  compare(a: V, b: V): Ordering;
  compareUnparsed?(a: string, b: string): Ordering;
  ranges: RangeSyntax<V, R>;
}): VersionScheme<V> {
  const scheme: VersionScheme<V> = {
    id: spec.id,
    check: spec.check,
    compare: spec.compare,
    ranges: spec.ranges,
    parse(raw: string): V | undefined {
      const result = spec.check(raw);
      return result.ok ? result.value : undefined;
    },
  };
  return spec.compareUnparsed ? { ...scheme, compareUnparsed: spec.compareUnparsed } : scheme;
}
