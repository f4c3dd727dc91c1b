import { parseDocument } from "yaml";
import { DrydockError, type FixState } from "../../model/index.js";
import { parseExpiry } from "./parse-expiry.js";
import { parsePurlPattern } from "./purl-pattern.js";
import type { IgnoreRule } from "./suppression-types.js";

const fixStates: readonly FixState[] = [
  "fixed",
  "not-fixed",
  "wont-fix",
  "fix-deferred",
  "end-of-life",
  "unknown",
];
const ruleKeys = new Set(["vulnerability", "package", "path", "fix-state", "reason", "expires"]);
const packageKeys = new Set(["purl", "name", "version", "type"]);

/**
 * Parses an ignore file (YAML, format in docs/ignore-file.md) into rules. An empty file holds
 * no rules. Unknown keys are refused rather than skipped: a misspelt selector would otherwise
 * widen the rule silently.
 * @throws DrydockError DRYDOCK_CONFIG_INVALID naming `file`, the rule number and the cause.
 */
export function parseIgnoreFile(text: string, file: string): IgnoreRule[] {
  const fail = (why: string): never => {
    throw new DrydockError("DRYDOCK_CONFIG_INVALID", `ignore file ${file}: ${why}`, {
      hint: "see docs/ignore-file.md for the format",
    });
  };
  // The failsafe schema keeps every scalar as written: `version: 1.10` stays "1.10", not 1.1.
  const doc = parseDocument(text, { schema: "failsafe", uniqueKeys: true });
  if (doc.errors.length > 0) fail(`not valid YAML: ${firstLine(doc.errors[0]!.message)}`);
  const root: unknown = doc.toJS();
  if (root === null || root === undefined) return [];
  if (!isRecord(root)) return fail('the top level must be a mapping with a "rules" list');
  for (const key of Object.keys(root)) {
    if (key !== "rules" && key !== "version") fail(`unknown top-level key "${key}" (expected "rules")`);
  }
  if (root.version !== undefined && root.version !== "1") {
    fail(`unsupported version ${JSON.stringify(root.version)} (expected 1)`);
  }
  if (root.rules === undefined || root.rules === "") return [];
  if (!Array.isArray(root.rules)) return fail('"rules" must be a list');
  return root.rules.map((raw, i) => parseRule(raw, i + 1, file, (why) => fail(`rule ${i + 1}: ${why}`)));
}

function parseRule(raw: unknown, index: number, file: string, fail: (why: string) => never): IgnoreRule {
  if (!isRecord(raw)) fail("must be a mapping");
  for (const key of Object.keys(raw)) {
    if (!ruleKeys.has(key)) fail(`unknown key "${key}" (expected one of ${[...ruleKeys].join(", ")})`);
  }
  const rule: IgnoreRule = { index, file, reason: "" };
  const reason = optionalString(raw.reason, "reason", fail);
  if (!reason) fail('"reason" is required: say why the finding is accepted');
  rule.reason = reason;
  const vulnerability = optionalString(raw.vulnerability, "vulnerability", fail);
  if (vulnerability) rule.vulnerability = vulnerability;
  const path = optionalString(raw.path, "path", fail);
  if (path) rule.path = path;
  const fixState = optionalString(raw["fix-state"], "fix-state", fail);
  if (fixState) {
    if (!fixStates.includes(fixState as FixState)) fail(`"fix-state" must be one of ${fixStates.join(", ")}`);
    rule.fixState = fixState as FixState;
  }
  if (raw.package !== undefined && raw.package !== "") {
    const pkg = raw.package;
    if (!isRecord(pkg)) fail('"package" must be a mapping with purl, name, version or type');
    for (const key of Object.keys(pkg)) {
      if (!packageKeys.has(key)) fail(`unknown package key "${key}" (expected purl, name, version or type)`);
    }
    const selector: NonNullable<IgnoreRule["package"]> = {};
    for (const key of packageKeys) {
      const value = optionalString(pkg[key], `package.${key}`, fail);
      if (value) selector[key as keyof typeof selector] = value;
    }
    if (selector.purl !== undefined && !parsePurlPattern(selector.purl)) {
      fail(`package.purl ${JSON.stringify(selector.purl)} is not a valid package URL`);
    }
    if (Object.keys(selector).length > 0) rule.package = selector;
  }
  if (!rule.vulnerability && !rule.package && !rule.path && !rule.fixState) {
    fail(
      "needs at least one of vulnerability, package, path or fix-state (a rule must not match everything)",
    );
  }
  const expires = optionalString(raw.expires, "expires", fail);
  if (expires) {
    const at = parseExpiry(expires);
    if (!at) fail(`"expires" ${JSON.stringify(expires)} is not a date (YYYY-MM-DD) or an RFC 3339 date-time`);
    rule.expires = { text: expires, at };
  }
  return rule;
}

/** A scalar's text, trimmed; undefined when absent or empty. */
function optionalString(value: unknown, key: string, fail: (why: string) => never): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "string") return value.trim() || undefined;
  return fail(`"${key}" must be a single value, not a list or mapping`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.trim();
}
