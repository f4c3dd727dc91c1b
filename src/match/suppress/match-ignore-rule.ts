import picomatch from "picomatch";
import type { Finding } from "../../model/index.js";
import { matchesPurl, parsePurlPattern, sameVersion } from "./purl-pattern.js";
import type { IgnoreRule } from "./suppression-types.js";

/** A rule with its purl pattern and path glob compiled once. */
export interface CompiledRule {
  rule: IgnoreRule;
  matches(finding: Finding): boolean;
}

/**
 * Compiles an ignore rule into a predicate: every selector the rule sets must hold. The
 * vulnerability selector matches the finding's id or any alias, ignoring case; package
 * name and type are compared exactly, version with the package type's scheme, purl as a
 * pattern (see purl-pattern.ts); the path glob is tried on each of the package's file paths,
 * with and without the leading slash, so `app/**` and `/app/**` both work.
 */
export function compileRule(rule: IgnoreRule): CompiledRule {
  const checks: ((f: Finding) => boolean)[] = [];
  if (rule.vulnerability) {
    const wanted = rule.vulnerability.toLowerCase();
    checks.push((f) =>
      [f.vulnerability.id, ...f.vulnerability.aliases].some((id) => id.toLowerCase() === wanted),
    );
  }
  const pkg = rule.package;
  if (pkg?.name !== undefined) checks.push((f) => f.package.name === pkg.name);
  if (pkg?.type !== undefined) checks.push((f) => f.package.type === pkg.type);
  if (pkg?.version !== undefined)
    checks.push((f) => sameVersion(f.package.type, pkg.version!, f.package.version));
  if (pkg?.purl !== undefined) {
    const pattern = parsePurlPattern(pkg.purl);
    checks.push((f) => pattern !== undefined && matchesPurl(pattern, f.package.purl));
  }
  if (rule.path) {
    const isMatch = picomatch(rule.path, { dot: true });
    checks.push((f) =>
      (f.package.locations ?? []).some((l) => isMatch(l.path) || isMatch(l.path.replace(/^\/+/, ""))),
    );
  }
  if (rule.fixState) checks.push((f) => f.fix.state === rule.fixState);
  return { rule, matches: (f) => checks.every((check) => check(f)) };
}

/** What a rule is about, for messages: its vulnerability, else package, else path or fix state. */
export function describeRule(rule: IgnoreRule): string {
  if (rule.vulnerability) return rule.vulnerability;
  if (rule.package) {
    const p = rule.package;
    return p.purl ?? [p.type, p.name, p.version].filter(Boolean).join(" ");
  }
  if (rule.path) return `path ${rule.path}`;
  return `fix state ${rule.fixState}`;
}
