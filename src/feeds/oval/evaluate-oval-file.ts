import type { ReadFeedTextOptions } from "../native/read-feed-text.js";
import { classifyOvalTest, type ReleaseFact, type TestMeaning } from "./classify-oval-test.js";
import { type CriteriaContext, evaluateCriteria } from "./evaluate-criteria.js";
import { type FlatResult, flattenPackages } from "./flatten-packages.js";
import type { CriteriaNode, OvalDefinition, OvalTables } from "./oval-types.js";
import { OvalRecordError } from "./parse-oval-elements.js";
import { loadOvalTables, streamOvalDefinitions } from "./read-oval-file.js";

/** A release as a distro mapping names it: `{distro: "debian", version: "12"}`. */
export interface ReleaseRef {
  distro: string;
  version?: string;
}

/** The distro knowledge the generic evaluation needs. */
export interface OvalReleaseRules {
  /** The release a release-check test asserts, or undefined when this distro does not know the check. */
  releaseOf(fact: ReleaseFact): ReleaseRef | undefined;
  /** The release assumed for a definition without a versioned release check (file name, platform). */
  fallbackRelease(definition: OvalDefinition): ReleaseRef | undefined;
}

/** One definition with its release and its per-package reading. */
export interface EvaluatedDefinition extends FlatResult {
  definition: OvalDefinition;
  /** The definition's release, `distro:version`. */
  release: string;
  releaseRef: ReleaseRef;
  /** How the reading departs from a literal evaluation, when it does (a repaired criteria tree). */
  notes: string[];
}

export type OvalFileItem =
  | { kind: "definition"; value: EvaluatedDefinition }
  | { kind: "problem"; message: string; definitionId?: string };

/**
 * Reads an OVAL file in two streaming passes (tables, then definitions) and evaluates each
 * definition's criteria for a system of its release. Every definition read is reported to
 * `count`, including inventory definitions and broken ones.
 *
 * @throws DrydockError DRYDOCK_FEED_UNREADABLE when the file cannot be read or is not well-formed.
 */
export async function* evaluateOvalFile(
  file: string,
  rules: OvalReleaseRules,
  count: (n?: number) => void,
  options: ReadFeedTextOptions = {},
): AsyncGenerator<OvalFileItem> {
  const { tables, problems } = await loadOvalTables(file, options);
  for (const message of problems) yield { kind: "problem", message };
  // Keyed by the tables' own id strings: a criterion's test_ref is a slice of a streamed
  // chunk, and keeping it as a key would keep the whole chunk alive.
  const meanings = new Map<string, TestMeaning | OvalRecordError>();
  const meaningOf = (testRef: string): TestMeaning => {
    const test = tables.tests.get(testRef);
    if (test === undefined) throw new OvalRecordError(`criterion points at missing test ${testRef}`);
    let meaning = meanings.get(test.id);
    if (meaning === undefined) {
      try {
        meaning = classifyOvalTest(test, tables);
      } catch (error) {
        if (!(error instanceof OvalRecordError)) throw error;
        meaning = error;
      }
      meanings.set(test.id, meaning);
    }
    if (meaning instanceof OvalRecordError) throw meaning;
    return meaning;
  };
  for await (const item of streamOvalDefinitions(file, options)) {
    count();
    if ("problem" in item) {
      yield { kind: "problem", message: item.problem, ...(item.id ? { definitionId: item.id } : {}) };
      continue;
    }
    try {
      yield { kind: "definition", value: evaluateDefinition(item.definition, tables, rules, meaningOf) };
    } catch (error) {
      if (!(error instanceof OvalRecordError)) throw error;
      yield {
        kind: "problem",
        message: `${item.definition.id}: ${error.message}`,
        definitionId: item.definition.id,
      };
    }
  }
}

function evaluateDefinition(
  definition: OvalDefinition,
  tables: OvalTables,
  rules: OvalReleaseRules,
  meaningOf: (testRef: string) => TestMeaning,
): EvaluatedDefinition {
  const facts = collectReleaseFacts(definition.criteria, tables, meaningOf, new Set());
  const refs = facts.map((f) => rules.releaseOf(f)).filter((r): r is ReleaseRef => r !== undefined);
  const fallback = rules.fallbackRelease(definition);
  const target =
    refs.find((r) => r.version !== undefined) ??
    (fallback && (refs.length === 0 || refs.some((r) => r.distro === fallback.distro))
      ? fallback
      : undefined);
  if (target?.version === undefined) {
    throw new OvalRecordError("no release could be read from its release checks, platform or file name");
  }
  const context: CriteriaContext = {
    meaningOf,
    releaseHolds(fact) {
      const ref = rules.releaseOf(fact);
      if (ref === undefined) return undefined;
      return ref.distro === target.distro && (ref.version === undefined || ref.version === target.version);
    },
    extended: (ref) => (tables.extended.has(ref) ? tables.extended.get(ref) : null),
  };
  const notes: string[] = [];
  const criteria = definition.criteria;
  let result: FlatResult = criteria
    ? flattenPackages(evaluateCriteria(criteria, context))
    : { packages: [], always: false, dropped: [] };
  const repaired = result.always && criteria ? releaseBranchesAsCondition(criteria, meaningOf) : undefined;
  if (repaired) {
    const second = flattenPackages(evaluateCriteria(repaired, context));
    if (!second.always && second.packages.length > 0) {
      result = second;
      notes.push(
        "its release check is ORed with the package tests, so taken literally it holds on every system; " +
          "the release check was read as a condition of the package tests (a known generator bug)",
      );
    }
  }
  return { definition, release: `${target.distro}:${target.version}`, releaseRef: target, notes, ...result };
}

/** Release checks anywhere in the tree, extended definitions included. */
function collectReleaseFacts(
  node: CriteriaNode | undefined,
  tables: OvalTables,
  meaningOf: (testRef: string) => TestMeaning,
  visiting: Set<string>,
): ReleaseFact[] {
  if (node === undefined) return [];
  switch (node.kind) {
    case "criterion": {
      const meaning = meaningOf(node.testRef);
      return meaning.kind === "release" && !meaning.negated && !node.negate ? [meaning.fact] : [];
    }
    case "extend": {
      if (visiting.has(node.definitionRef)) return [];
      visiting.add(node.definitionRef);
      const facts = collectReleaseFacts(tables.extended.get(node.definitionRef), tables, meaningOf, visiting);
      visiting.delete(node.definitionRef);
      return facts;
    }
    case "criteria":
      return node.children.flatMap((c) => collectReleaseFacts(c, tables, meaningOf, visiting));
  }
}

/**
 * Early Rocky Linux files write `OR(not Rocky, AND(pkg...)..., OR(Rocky 9 installed))`: the
 * release check is an alternative of the package tests instead of a condition on them. This
 * returns `AND(release branches..., OR(other branches...))` for such a top-level OR, else undefined.
 */
function releaseBranchesAsCondition(
  criteria: CriteriaNode,
  meaningOf: (testRef: string) => TestMeaning,
): CriteriaNode | undefined {
  if (criteria.kind !== "criteria" || criteria.operator !== "OR" || criteria.negate) return undefined;
  const releaseOnly = criteria.children.filter((c) => isPositiveReleaseCheck(c, meaningOf));
  const others = criteria.children.filter((c) => !releaseOnly.includes(c));
  if (releaseOnly.length === 0 || others.length === 0) return undefined;
  return {
    kind: "criteria",
    operator: "AND",
    negate: false,
    children: [...releaseOnly, { kind: "criteria", operator: "OR", negate: false, children: others }],
  };
}

function isPositiveReleaseCheck(node: CriteriaNode, meaningOf: (testRef: string) => TestMeaning): boolean {
  if (node.negate) return false;
  if (node.kind === "criterion") {
    const meaning = meaningOf(node.testRef);
    return meaning.kind === "release" && !meaning.negated;
  }
  if (node.kind === "criteria") {
    return node.children.length > 0 && node.children.every((c) => isPositiveReleaseCheck(c, meaningOf));
  }
  return false;
}
