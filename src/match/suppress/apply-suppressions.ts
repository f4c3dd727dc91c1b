import type { Diagnostic, Finding, TargetInfo } from "../../model/index.js";
import { diagnostic } from "../../model/index.js";
import { compileRule, describeRule } from "./match-ignore-rule.js";
import { compileStatement, statementReason, statementReference } from "./match-vex-statement.js";
import type { IgnoreRule, VexStatement } from "./suppression-types.js";

export interface ApplySuppressionsOptions {
  rules: readonly IgnoreRule[];
  vex: readonly VexStatement[];
  /** The clock: rules whose `expires` is at or before `now` no longer suppress. */
  now: Date;
  /** The scanned image, so VEX products naming it (`pkg:oci/...`) can be recognised. */
  target?: TargetInfo;
}

/**
 * Marks the findings that VEX statements or ignore rules suppress; never removes one.
 *
 * VEX first: of the statements covering a finding, the most recent (by timestamp, then by
 * order given) decides, and `not_affected` or `fixed` suppress it (`affected` or
 * `under_investigation` in a newer statement override an older `not_affected`). Otherwise the
 * first unexpired ignore rule that matches suppresses it. A finding already marked keeps its
 * mark. Pure: the same input and clock give the same output.
 *
 * Diagnostics: `ignore-rule-expired` (warning) for every expired rule, saying how many
 * findings it would still match, and `ignore-rule-unused` (info) for an unexpired rule that
 * matched nothing.
 */
export function applySuppressions(
  findings: readonly Finding[],
  options: ApplySuppressionsOptions,
): { findings: Finding[]; diagnostics: Diagnostic[] } {
  const now = options.now.getTime();
  const rules = options.rules.map(compileRule);
  const statements = options.vex.map((s) => compileStatement(s, options.target));
  const used = new Map<IgnoreRule, number>(options.rules.map((r) => [r, 0]));
  const out = findings.map((finding): Finding => {
    if (finding.suppressed) return finding;
    let latest: (typeof statements)[number] | undefined;
    for (const s of statements) {
      if (s.covers(finding) && (!latest || s.time >= latest.time)) latest = s;
    }
    if (latest && (latest.statement.status === "not_affected" || latest.statement.status === "fixed")) {
      const reference = statementReference(latest.statement);
      return { ...finding, suppressed: { by: "vex", reference, reason: statementReason(latest.statement) } };
    }
    let chosen: IgnoreRule | undefined;
    for (const { rule, matches } of rules) {
      if (!matches(finding)) continue;
      used.set(rule, used.get(rule)! + 1);
      if (!chosen && !isExpired(rule, now)) chosen = rule;
    }
    if (!chosen) return finding;
    return {
      ...finding,
      suppressed: {
        by: "ignore-rule",
        reference: `${chosen.file} rule ${chosen.index}`,
        reason: chosen.reason,
        ...(chosen.expires ? { expires: chosen.expires.text } : {}),
      },
    };
  });
  const diagnostics: Diagnostic[] = [];
  for (const rule of options.rules) {
    const count = used.get(rule)!;
    const subject = `ignore rule ${rule.index} for ${describeRule(rule)}`;
    if (isExpired(rule, now)) {
      const still =
        count === 0 ? "it matches no finding" : `it no longer suppresses ${plural(count, "finding")}`;
      diagnostics.push(
        diagnostic("ignore-rule-expired", `${subject} expired on ${rule.expires!.text}: ${still}`, {
          file: rule.file,
          source: "ignore-file",
        }),
      );
    } else if (count === 0) {
      diagnostics.push(
        diagnostic("ignore-rule-unused", `${subject} matched no finding`, {
          file: rule.file,
          source: "ignore-file",
          level: "info",
        }),
      );
    }
  }
  return { findings: out, diagnostics };
}

function isExpired(rule: IgnoreRule, now: number): boolean {
  return rule.expires !== undefined && rule.expires.at.getTime() <= now;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
