import type { VersionBound } from "./classify-oval-test.js";
import type { Atom, Formula } from "./evaluate-criteria.js";

/** One affected-version interval of a package, in the feed's own version strings. */
export interface FlatRange {
  /** Inclusive lower bound (`greater than or equal`); absent = from the beginning. */
  introduced?: string;
  /** Exclusive upper bound (`less than`). */
  fixed?: string;
  /** Inclusive upper bound (`less than or equal`). */
  lastAffected?: string;
}

/** What a definition says about one package, merged over all the ways its criteria hold. */
export interface FlatPackage {
  manager: "dpkg" | "rpm";
  name: string;
  /** rpm modularity stream the claim is scoped to (`nodejs:18`). */
  module?: string;
  /** Version intervals that are affected; empty with `unbounded` when any installed version is. */
  ranges: FlatRange[];
  /** True when some alternative holds for any installed version (no version bound). */
  unbounded: boolean;
  /** Comments of the tests' objects, states and variables ("Available with Ubuntu Pro: ..."). */
  labels: string[];
  /** Tests that also have to hold but say nothing about the package (running kernel, ...). */
  conditions: string[];
}

/** A formula flattened to packages, plus what could not be expressed. */
export interface FlatResult {
  packages: FlatPackage[];
  /** True when the criteria hold on every system of the release (no package scope at all). */
  always: boolean;
  /** Alternatives dropped because no package test bounds them (kernel-running checks, ...). */
  dropped: string[];
}

interface Group {
  manager: "dpkg" | "rpm";
  names: string[];
  bounds: VersionBound[];
  labels: string[];
}

/**
 * Turns a DNF into a per-package list. In each alternative, the tests on one package are
 * intersected into one interval; an alternative yields the packages that carry an upper
 * version bound or, when none does, the packages it only requires to be installed (an
 * unfixed issue). Tests that cannot be expressed on a package (running kernel, package
 * absent, `equals` pins) become conditions of the packages the alternative yields.
 */
export function flattenPackages(formula: Formula): FlatResult {
  if (formula === true) return { packages: [], always: true, dropped: [] };
  if (formula === false) return { packages: [], always: false, dropped: [] };
  const merged = new Map<string, FlatPackage>();
  const dropped: string[] = [];
  for (const term of formula) {
    const emitted = flattenTerm(term);
    if (emitted.length === 0) {
      dropped.push(term.map(describeAtom).join(" AND "));
      continue;
    }
    for (const item of emitted) mergeInto(merged, item);
  }
  return { packages: [...merged.values()], always: false, dropped: unique(dropped) };
}

function flattenTerm(term: Atom[]): FlatPackage[] {
  const groups = new Map<string, Group>();
  const conditions: string[] = [];
  let module: string | undefined;
  for (const atom of term) {
    if (atom.kind === "package" && atom.present && !atom.negated) {
      const key = `${atom.manager}\n${atom.names.join("\n")}`;
      const group = groups.get(key) ?? { manager: atom.manager, names: atom.names, bounds: [], labels: [] };
      group.bounds.push(...atom.bounds);
      group.labels.push(...atom.labels);
      groups.set(key, group);
    } else if (atom.kind === "module" && !atom.negated && module === undefined) {
      module = atom.stream;
    } else {
      conditions.push(describeAtom(atom));
    }
  }
  const shaped = [...groups.values()].map((g) => ({ group: g, ...shapeBounds(g.bounds) }));
  const bounded = shaped.filter((s) => (s.range.fixed ?? s.range.lastAffected) !== undefined);
  const chosen = bounded.length > 0 ? bounded : shaped.filter((s) => s.pins.length === 0);
  for (const other of shaped) {
    if (!chosen.includes(other))
      conditions.push(`${other.group.names.join("|")} ${other.pins.join(", ")}`.trim());
  }
  const out: FlatPackage[] = [];
  for (const { group, range, pins } of chosen) {
    for (const name of group.names) {
      const unbounded = Object.keys(range).length === 0;
      const item: FlatPackage = {
        manager: group.manager,
        name,
        ranges: unbounded ? [] : [{ ...range }],
        unbounded,
        labels: unique(group.labels),
        conditions: unique([...conditions, ...pins.map((p) => `${name} ${p}`)]),
      };
      if (module !== undefined) item.module = module;
      out.push(item);
    }
  }
  return out;
}

/**
 * Intersects one package's bounds into a range. `pins` are the bounds no range can carry
 * (`equals`, `not equal`, an exclusive lower bound, a second upper bound).
 */
function shapeBounds(bounds: VersionBound[]): { range: FlatRange; pins: string[] } {
  const range: FlatRange = {};
  const pins: string[] = [];
  for (const bound of bounds) {
    if (bound.operation === "less than" && range.fixed === undefined && range.lastAffected === undefined) {
      range.fixed = bound.value;
    } else if (
      bound.operation === "less than or equal" &&
      range.fixed === undefined &&
      range.lastAffected === undefined
    ) {
      range.lastAffected = bound.value;
    } else if (bound.operation === "greater than or equal" && range.introduced === undefined) {
      range.introduced = bound.value;
    } else {
      pins.push(`${bound.field} ${bound.operation} ${bound.value}`);
    }
  }
  return { range, pins };
}

function mergeInto(merged: Map<string, FlatPackage>, item: FlatPackage): void {
  const key = `${item.manager}\n${item.name}\n${item.module ?? ""}`;
  const existing = merged.get(key);
  if (existing === undefined) {
    merged.set(key, item);
    return;
  }
  for (const range of item.ranges) {
    const same = existing.ranges.some(
      (r) =>
        r.introduced === range.introduced && r.fixed === range.fixed && r.lastAffected === range.lastAffected,
    );
    if (!same) existing.ranges.push(range);
  }
  existing.unbounded ||= item.unbounded;
  existing.labels = unique([...existing.labels, ...item.labels]);
  existing.conditions = unique([...existing.conditions, ...item.conditions]);
}

function describeAtom(atom: Atom): string {
  const reason = atom.kind === "module" ? `module ${atom.stream} is enabled` : atom.reason;
  const absent = atom.kind === "package" && !atom.present;
  return atom.negated !== absent ? `not (${reason})` : reason;
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((v) => v !== ""))];
}
