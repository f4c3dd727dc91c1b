import type { ReleaseFact, TestMeaning } from "./classify-oval-test.js";
import type { CriteriaNode } from "./oval-types.js";
import { OvalRecordError } from "./parse-oval-elements.js";

/** A test left open after release checks and constants are decided, with its polarity. */
export type Atom = Exclude<TestMeaning, { kind: "constant" } | { kind: "release" }> & { testId: string };

/**
 * A criteria tree reduced to `true`, `false`, or a disjunction of conjunctions of atoms
 * (disjunctive normal form): the definition holds on a system when every atom of at least
 * one conjunction holds.
 */
export type Formula = boolean | Atom[][];

/** What the evaluator needs from the file and the distro mapping. */
export interface CriteriaContext {
  /** @throws OvalRecordError for a test that does not exist or points at missing parts. */
  meaningOf(testRef: string): TestMeaning;
  /** Whether a release check holds on the definition's release; undefined for checks the distro does not know. */
  releaseHolds(fact: ReleaseFact): boolean | undefined;
  /** Criteria of an extended definition; `null` when the file does not hold it. */
  extended(definitionRef: string): CriteriaNode | undefined | null;
}

/** A definition whose criteria expand past this many conjunctions is refused (a hostile or broken file). */
const maxTerms = 20_000;

/**
 * Evaluates a criteria tree for a system of the definition's release: release checks and
 * constant tests are decided, negations are pushed down to the tests (De Morgan), and the
 * rest is expanded to DNF. OVAL's three-valued logic collapses to two values here because
 * each test is either decided or kept as an atom.
 *
 * @throws OvalRecordError for ONE/XOR over undecided tests, dangling references, cycles or
 * an expansion past {@link maxTerms}.
 */
export function evaluateCriteria(node: CriteriaNode, context: CriteriaContext): Formula {
  return evaluate(node, false, context, new Set());
}

function evaluate(
  node: CriteriaNode,
  negate: boolean,
  context: CriteriaContext,
  visiting: Set<string>,
): Formula {
  const negated = negate !== node.negate;
  switch (node.kind) {
    case "criterion":
      return fromMeaning(context.meaningOf(node.testRef), node.testRef, negated, context);
    case "extend": {
      if (visiting.has(node.definitionRef)) {
        throw new OvalRecordError(`definition ${node.definitionRef} extends itself`);
      }
      const criteria = context.extended(node.definitionRef);
      if (criteria === null && !node.applicabilityCheck) {
        return [
          [{ kind: "opaque", reason: `extends ${node.definitionRef}`, negated, testId: node.definitionRef }],
        ];
      }
      // An applicability check (the release is installed) we cannot read, or a definition
      // without criteria: it holds.
      if (criteria === null || criteria === undefined) return !negated;
      visiting.add(node.definitionRef);
      const result = evaluate(criteria, negated, context, visiting);
      visiting.delete(node.definitionRef);
      return result;
    }
    case "criteria": {
      if (node.operator === "ONE" || node.operator === "XOR") {
        const values = node.children.map((c) => evaluate(c, false, context, visiting));
        if (!values.every((v): v is boolean => typeof v === "boolean")) {
          throw new OvalRecordError(`criteria operator ${node.operator} over package tests is not supported`);
        }
        const trues = values.filter((v) => v).length;
        const value = node.operator === "ONE" ? trues === 1 : trues % 2 === 1;
        return value !== negated;
      }
      // De Morgan: a negated AND is an OR of negated children, and the other way round.
      const conjunctive = (node.operator === "AND") !== negated;
      let result: Formula = conjunctive;
      for (const child of node.children) {
        const value = evaluate(child, negated, context, visiting);
        result = conjunctive ? and(result, value) : or(result, value);
        if (result === !conjunctive) break;
      }
      return result;
    }
  }
}

function fromMeaning(
  meaning: TestMeaning,
  testId: string,
  negated: boolean,
  context: CriteriaContext,
): Formula {
  switch (meaning.kind) {
    case "constant":
      return meaning.value !== negated;
    case "release": {
      const holds = context.releaseHolds(meaning.fact);
      if (holds === undefined) {
        return [[{ kind: "opaque", reason: "an unknown release check", negated, testId }]];
      }
      return (holds !== meaning.negated) !== negated;
    }
    default:
      return [[{ ...meaning, negated: meaning.negated !== negated, testId }]];
  }
}

function and(a: Formula, b: Formula): Formula {
  if (a === false || b === false) return false;
  if (a === true) return b;
  if (b === true) return a;
  if (a.length * b.length > maxTerms) {
    throw new OvalRecordError(`criteria expand to more than ${maxTerms} alternatives`);
  }
  const terms: Atom[][] = [];
  for (const x of a) {
    for (const y of b) {
      const term = joinTerms(x, y);
      if (term !== undefined) terms.push(term);
    }
  }
  return terms.length === 0 ? false : terms;
}

function or(a: Formula, b: Formula): Formula {
  if (a === true || b === true) return true;
  if (a === false) return b;
  if (b === false) return a;
  if (a.length + b.length > maxTerms) {
    throw new OvalRecordError(`criteria expand to more than ${maxTerms} alternatives`);
  }
  return [...a, ...b];
}

/** Joins two conjunctions; undefined when they contradict (a test and its negation). */
function joinTerms(x: Atom[], y: Atom[]): Atom[] | undefined {
  const seen = new Map<string, boolean>();
  const term: Atom[] = [];
  for (const atom of [...x, ...y]) {
    const polarity = seen.get(atom.testId);
    if (polarity === atom.negated) continue;
    if (polarity !== undefined) return undefined;
    seen.set(atom.testId, atom.negated);
    term.push(atom);
  }
  return term;
}
