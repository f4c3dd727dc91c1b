import type { ParseResult, RangeSyntax } from "../version-scheme.js";
import { modifierPattern, STABILITY_FLAGS } from "./composer-grammar.js";
import { normalizeComposerVersion } from "./normalize-composer-version.js";
import { phpVersionCompareOp } from "./php-version-compare.js";

type ComposerOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** One normalised constraint; `all` matches every version (`*`). */
export type ComposerConstraint = { op: ComposerOp; version: string } | { op: "all" };

/** Alternatives (`||`) of conjunctions (`,` or space). */
export type ComposerConstraintSet = ComposerConstraint[][];

const STABILITY_FLAG = new RegExp(`^([^,\\s]*?)@(${STABILITY_FLAGS})$`, "i");

/**
 * A version in a constraint, with named parts: `p` prefixes the group names so that a
 * hyphen range can hold two. Groups: major, minor, patch, extra (4th number), word and
 * number (stability), dev (`-dev`), xdev (`.x-dev`).
 */
function versionPattern(p: string): string {
  const n = (name: string) => `(?<${p}${name}>\\d+)`;
  const xdev = `\\.(?<${p}xdev>[xX*][.-]?dev)`;
  return `v?${n("major")}(?:\\.${n("minor")})?(?:\\.${n("patch")})?(?:\\.${n("extra")})?(?:${modifierPattern(p)}|${xdev})(?:\\+\\S+)?`;
}

const TILDE = new RegExp(`^~>?${versionPattern("")}$`, "i");
const CARET = new RegExp(`^\\^${versionPattern("")}$`, "i");
const HYPHEN = new RegExp(`^(?<from>${versionPattern("f")}) +- +(?<to>${versionPattern("t")})$`, "i");
const X_RANGE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.[xX*])+$/;
const MATCH_ALL = /^(v)?[xX*](\.[xX*])*$/i;

/**
 * Composer version constraints (`VersionParser::parseConstraints`,
 * https://getcomposer.org/doc/articles/versions.md#writing-version-constraints):
 * `>=1.0 <2.0`, `>=1.0,<1.1 || >=1.2`, `~1.2`, `^1.2.3`, `1.0.*`, `1.0 - 2.0`, `*`,
 * with stability flags (`@dev`) and aliases. Matching follows Composer's `Semver::satisfies`:
 * versions are normalised and compared with PHP's `version_compare`, and a `dev-` branch
 * only matches `==`/`!=` of the same branch (or `*`).
 */
export const composerConstraints: RangeSyntax<string, ComposerConstraintSet> = {
  name: "Composer constraint",
  parse(range) {
    const text = (typeof range === "string" ? range : range.join(",")).trim();
    const groups: ComposerConstraintSet = [];
    for (const alternative of text.split(/\s*\|\|?\s*/)) {
      const group: ComposerConstraint[] = [];
      for (const part of splitConjunction(alternative)) {
        const parsed = parseConstraint(part);
        if (!parsed.ok) return { ok: false, reason: `${parsed.reason} in "${text}"` };
        group.push(...parsed.value);
      }
      groups.push(group);
    }
    return { ok: true, value: groups };
  },
  matches(version, groups) {
    return groups.some((group) => group.every((c) => matchesConstraint(version, c)));
  },
};

/** Splits an AND group on commas or spaces that do not belong to an operator or alias. */
function splitConjunction(text: string): string[] {
  return text.split(/(?<!^|as|[=>< ,]) *(?<!-)[, ](?!-) *(?!,|as|$)/);
}

function parseConstraint(input: string): ParseResult<ComposerConstraint[]> {
  let constraint = input;
  const alias = /^([^,\s]+) +as +([^,\s]+)$/.exec(constraint);
  if (alias) constraint = alias[1] as string;
  let stabilityModifier: string | undefined;
  const flag = STABILITY_FLAG.exec(constraint);
  if (flag) {
    constraint = flag[1] !== "" ? (flag[1] as string) : "*";
    if (flag[2] !== "stable") stabilityModifier = flag[2];
  }
  const ref = /^(dev-[^,\s@]+?|[^,\s@]+?\.x-dev)#.+$/i.exec(constraint);
  if (ref) constraint = ref[1] as string;

  const all = MATCH_ALL.exec(constraint);
  if (all) return ok(all[1] || all[2] ? [{ op: ">=", version: "0.0.0.0-dev" }] : [{ op: "all" }]);

  return (
    parseTilde(constraint) ??
    parseCaret(constraint) ??
    parseXRange(constraint) ??
    parseHyphen(constraint) ??
    parseComparison(constraint, stabilityModifier)
  );
}

/** `~1.2` means `>=1.2.0.0-dev <2.0.0.0-dev`; `~1.2.3` means `>=1.2.3.0-dev <1.3.0.0-dev`. */
function parseTilde(constraint: string): ParseResult<ComposerConstraint[]> | undefined {
  const m = TILDE.exec(constraint);
  if (!m?.groups) return undefined;
  if (constraint.startsWith("~>")) return fail(`invalid operator "~>" in "${constraint}" (use "~")`);
  const g = m.groups;
  let position = g.extra ? 4 : g.patch ? 3 : g.minor ? 2 : 1;
  if (g.xdev) position++;
  const low = normalizeComposerVersion(constraint.slice(1) + stabilitySuffix(g));
  if (!low.ok) return fail(low.reason);
  const high = bumpVersion([g.major, g.minor, g.patch, g.extra], Math.max(1, position - 1));
  return ok([
    { op: ">=", version: low.value },
    { op: "<", version: `${high}-dev` },
  ]);
}

/** `^1.2.3` allows changes that keep the left-most non-zero part: `<2.0.0.0-dev`. */
function parseCaret(constraint: string): ParseResult<ComposerConstraint[]> | undefined {
  const m = CARET.exec(constraint);
  if (!m?.groups) return undefined;
  const g = m.groups;
  const position = g.major !== "0" || !g.minor ? 1 : g.minor !== "0" || !g.patch ? 2 : 3;
  const low = normalizeComposerVersion(constraint.slice(1) + stabilitySuffix(g));
  if (!low.ok) return fail(low.reason);
  const high = bumpVersion([g.major, g.minor, g.patch, g.extra], position);
  return ok([
    { op: ">=", version: low.value },
    { op: "<", version: `${high}-dev` },
  ]);
}

/** `1.2.*` means `>=1.2.0.0-dev <1.3.0.0-dev`. */
function parseXRange(constraint: string): ParseResult<ComposerConstraint[]> | undefined {
  const m = X_RANGE.exec(constraint);
  if (!m) return undefined;
  const parts = [m[1], m[2], m[3], undefined];
  const position = m[3] ? 3 : m[2] ? 2 : 1;
  const low = `${padVersion(parts, position)}-dev`;
  const high = `${bumpVersion(parts, position)}-dev`;
  return ok(
    low === "0.0.0.0-dev"
      ? [{ op: "<", version: high }]
      : [
          { op: ">=", version: low },
          { op: "<", version: high },
        ],
  );
}

/** `1.0 - 2.0` means `>=1.0.0.0-dev <2.1.0.0-dev`; a full upper version is inclusive. */
function parseHyphen(constraint: string): ParseResult<ComposerConstraint[]> | undefined {
  const m = HYPHEN.exec(constraint);
  if (!m?.groups) return undefined;
  const g = m.groups;
  const low = normalizeComposerVersion(g.from as string);
  const to = normalizeComposerVersion(g.to as string);
  if (!low.ok) return fail(low.reason);
  if (!to.ok) return fail(to.reason);
  const lowSuffix = !g.fword && !g.fdev && !g.fxdev ? "-dev" : "";
  const lower: ComposerConstraint = { op: ">=", version: low.value + lowSuffix };
  const present = (x: string | undefined) => x !== undefined && x !== "";
  if ((present(g.tminor) && present(g.tpatch)) || g.tword || g.tdev || g.txdev) {
    return ok([lower, { op: "<=", version: to.value }]);
  }
  const high = bumpVersion([g.tmajor, g.tminor, g.tpatch, g.textra], present(g.tminor) ? 2 : 1);
  return ok([lower, { op: "<", version: `${high}-dev` }]);
}

/** `>=1.0`, `<2.0`, `!=1.5`, `1.2.3`: a plain comparison with a normalised version. */
function parseComparison(
  constraint: string,
  stabilityModifier: string | undefined,
): ParseResult<ComposerConstraint[]> {
  const m = /^(<>|!=|>=?|<=?|==?)?\s*(.*)$/s.exec(constraint) as RegExpExecArray;
  const opText = m[1] ?? "";
  const text = m[2] ?? "";
  let normalized = normalizeComposerVersion(text);
  // "foobar-dev" is read as the branch "dev-foobar".
  if (!normalized.ok && text.endsWith("-dev") && /^[0-9a-zA-Z-./]+$/.test(text)) {
    normalized = normalizeComposerVersion(`dev-${text.slice(0, -4)}`);
  }
  if (!normalized.ok) return fail(`cannot parse constraint "${constraint}": ${normalized.reason}`);
  let version = normalized.value;
  const op: ComposerOp =
    opText === "" || opText === "=" ? "==" : opText === "<>" ? "!=" : (opText as ComposerOp);
  if (
    opText !== "==" &&
    opText !== "=" &&
    opText !== "" &&
    stabilityModifier &&
    parseStability(version) === "stable"
  ) {
    version += `-${stabilityModifier}`;
  } else if (
    (opText === "<" || opText === ">=") &&
    !new RegExp(`-${modifierPattern()}$`).test(text.toLowerCase())
  ) {
    // "<1.2" and ">=1.2" start below 1.2's pre-releases.
    if (!text.startsWith("dev-")) version += "-dev";
  }
  return ok([{ op, version }]);
}

/** Composer's `parseStability()`: dev, alpha, beta, RC or stable. */
function parseStability(version: string): string {
  const v = version.replace(/#.+$/, "");
  if (v.startsWith("dev-") || v.endsWith("-dev")) return "dev";
  const g = new RegExp(`${modifierPattern()}(?:\\+.*)?$`, "i").exec(v.toLowerCase())?.groups;
  if (g?.dev) return "dev";
  const word = g?.word;
  if (word === "beta" || word === "b") return "beta";
  if (word === "alpha" || word === "a") return "alpha";
  if (word === "rc") return "RC";
  return "stable";
}

function stabilitySuffix(g: Record<string, string | undefined>): string {
  return !g.word && !g.dev && !g.xdev ? "-dev" : "";
}

/** `manipulateVersionString` with an increment: parts after `position` become 0. */
function bumpVersion(parts: ReadonlyArray<string | undefined>, position: number): string {
  return parts
    .map((p, i) => (i + 1 > position ? "0" : i + 1 === position ? String(Number(p ?? "0") + 1) : (p ?? "")))
    .join(".");
}

/** `manipulateVersionString` without an increment. */
function padVersion(parts: ReadonlyArray<string | undefined>, position: number): string {
  return parts.map((p, i) => (i + 1 > position ? "0" : (p ?? ""))).join(".");
}

/**
 * One constraint against a normalised version, as Composer's `Constraint::matchSpecific`
 * with a `==` provider: `dev-` branches never satisfy an ordering.
 */
function matchesConstraint(version: string, c: ComposerConstraint): boolean {
  if (c.op === "all") return true;
  const versionIsBranch = version.startsWith("dev-");
  const boundIsBranch = c.version.startsWith("dev-");
  if (c.op === "!=" && (versionIsBranch || boundIsBranch)) return version !== c.version;
  if (versionIsBranch && boundIsBranch) return c.op === "==" && version === c.version;
  if (versionIsBranch || boundIsBranch) return false;
  return phpVersionCompareOp(version, c.op, c.version) === true;
}

function ok(value: ComposerConstraint[]): ParseResult<ComposerConstraint[]> {
  return { ok: true, value };
}

function fail(reason: string): ParseResult<ComposerConstraint[]> {
  return { ok: false, reason };
}
