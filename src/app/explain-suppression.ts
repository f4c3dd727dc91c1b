import {
  applySuppressions,
  type IgnoreRule,
  type Suppressions,
  type VexStatement,
} from "../match/suppress/index.js";
import type { Finding, SuppressionSource, TargetInfo } from "../model/index.js";

/** The ignore rules and VEX statements an explanation judges suppression with, and its clock. */
export type JudgedSuppressions = Suppressions & { now: Date };

/**
 * Names the ignore rule or VEX statement that suppressed `finding` (its `suppressed` mark), with
 * what the rule or statement says when `loaded` holds it. The rule or statement is found by
 * applying each one alone to the unmarked finding and keeping the one that yields the same
 * reference, so the answer follows the suppression code itself, not a copy of its rules.
 */
export function describeSuppressor(
  finding: Finding,
  loaded: JudgedSuppressions | undefined,
  target: TargetInfo,
): SuppressionSource | undefined {
  const mark = finding.suppressed;
  if (!mark) return undefined;
  const base: SuppressionSource = {
    by: mark.by,
    reference: mark.reference,
    ...(mark.reason ? { reason: mark.reason } : {}),
    ...(mark.expires ? { expires: mark.expires } : {}),
  };
  if (!loaded) return base;
  const bare = unmarked(finding);
  if (mark.by === "ignore-rule") {
    const rule = loaded.rules.find(
      (r) => referenceOf(bare, { rules: [r], vex: [] }, loaded.now, target) === mark.reference,
    );
    return rule ? ruleSource(rule, mark.reference, loaded.now) : base;
  }
  const statement = loaded.vex.find(
    (s) => referenceOf(bare, { rules: [], vex: [s] }, loaded.now, target) === mark.reference,
  );
  return statement ? statementSource(statement, mark.reference) : base;
}

/**
 * The ignore rules and VEX statements that concern `finding` but do not suppress it: expired
 * rules that would match it, and statements that cover it without deciding its suppression
 * (status affected or under_investigation, or a not_affected/fixed statement that a more recent
 * covering statement overrides). The statement that suppressed the finding, if any, is not one.
 */
export function findNonSuppressors(
  finding: Finding,
  loaded: JudgedSuppressions,
  target: TargetInfo,
): { source: SuppressionSource; decider?: SuppressionSource }[] {
  const bare = unmarked(finding);
  const out: { source: SuppressionSource; decider?: SuppressionSource }[] = [];
  const covering = new Map<VexStatement, string>();
  for (const s of loaded.vex) {
    const reference = referenceOf(bare, { rules: [], vex: [asSuppressing(s)] }, loaded.now, target);
    if (reference !== undefined) covering.set(s, reference);
  }
  if (covering.size > 0 && finding.suppressed?.by !== "vex") {
    // With every covering statement made suppressing, the one reported is the one that decides.
    const decidingRef = referenceOf(
      bare,
      { rules: [], vex: [...covering.keys()].map(asSuppressing) },
      loaded.now,
      target,
    );
    const decider = [...covering].find(([, reference]) => reference === decidingRef);
    for (const [s, reference] of covering) {
      const source = statementSource(s, reference);
      out.push(decider && decider[0] !== s ? { source, decider: statementSource(...decider) } : { source });
    }
  }
  for (const rule of loaded.rules) {
    if (!rule.expires || rule.expires.at.getTime() > loaded.now.getTime()) continue;
    const { expires: _expired, ...timeless } = rule;
    const reference = referenceOf(bare, { rules: [timeless], vex: [] }, loaded.now, target);
    if (reference !== undefined) out.push({ source: ruleSource(rule, reference, loaded.now) });
  }
  return out;
}

/** How a rule or statement is named in a sentence: "ignore rule 2 of FILE", "VEX statement 1 of FILE (ID)". */
export function nameSuppressor(s: SuppressionSource): string {
  if (s.file === undefined || s.index === undefined)
    return `${s.by === "vex" ? "VEX" : "ignore rule"} ${s.reference}`;
  if (s.by === "ignore-rule") return `ignore rule ${s.index} of ${s.file}`;
  const what = s.format === "cyclonedx" ? "VEX vulnerability" : "VEX statement";
  return `${what} ${s.index} of ${s.file}${s.statementId ? ` (${s.statementId})` : ""}`;
}

/** What a rule or statement says, as a clause: the reason and expiry, or status, justification and date. */
export function describeTerms(s: SuppressionSource): string {
  if (s.by === "ignore-rule") {
    const reason = s.reason ? `reason "${s.reason}"` : "no reason given";
    const expiry = s.expires ? `${s.expired ? "expired" : "expires"} ${s.expires}` : "no expiry";
    return `${reason}, ${expiry}`;
  }
  if (s.status === undefined) return s.reason ?? "";
  const parts = [`status ${s.status}`];
  if (s.justification) parts.push(`justification ${s.justification}`);
  if (s.detail) parts.push(`"${s.detail.replace(/\s+/g, " ").trim()}"`);
  parts.push(s.timestamp ? `dated ${s.timestamp}` : "undated");
  return parts.join(", ");
}

function unmarked(finding: Finding): Finding {
  const { suppressed: _mark, ...rest } = finding;
  return rest;
}

/** The reference a suppression yields for the finding, or undefined when it does not suppress it. */
function referenceOf(
  finding: Finding,
  suppressions: { rules: IgnoreRule[]; vex: VexStatement[] },
  now: Date,
  target: TargetInfo,
): string | undefined {
  return applySuppressions([finding], { ...suppressions, now, target }).findings[0]?.suppressed?.reference;
}

/** The statement with a suppressing status, to test whether it covers a finding at all. */
function asSuppressing(s: VexStatement): VexStatement {
  return s.status === "not_affected" || s.status === "fixed" ? s : { ...s, status: "not_affected" };
}

function ruleSource(rule: IgnoreRule, reference: string, now: Date): SuppressionSource {
  return {
    by: "ignore-rule",
    reference,
    file: rule.file,
    index: rule.index,
    reason: rule.reason,
    ...(rule.expires
      ? { expires: rule.expires.text, expired: rule.expires.at.getTime() <= now.getTime() }
      : {}),
  };
}

function statementSource(s: VexStatement, reference: string): SuppressionSource {
  return {
    by: "vex",
    reference,
    file: s.file,
    index: s.index,
    format: s.format,
    ...(s.id ? { statementId: s.id } : {}),
    status: s.status,
    ...(s.justification ? { justification: s.justification } : {}),
    ...(s.detail ? { detail: s.detail } : {}),
    ...(s.timestamp ? { timestamp: s.timestamp } : {}),
  };
}
