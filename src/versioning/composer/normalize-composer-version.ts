import type { ParseResult } from "../version-scheme.js";
import { modifierPattern, STABILITY_FLAGS } from "./composer-grammar.js";

const CLASSICAL = new RegExp(
  `^v?(?<major>\\d{1,5})(?<minor>\\.\\d+)?(?<patch>\\.\\d+)?(?<extra>\\.\\d+)?${modifierPattern()}$`,
  "i",
);
const DATE_BASED = new RegExp(
  `^v?(?<date>\\d{4}(?:[.:-]?\\d{2}){1,6}(?:[.:-]?\\d{1,3}){0,2})${modifierPattern()}$`,
  "i",
);
const ALIAS = /^([^,\s]+) +as +([^,\s]+)$/;
const STABILITY_FLAG = new RegExp(`@(?:${STABILITY_FLAGS})$`, "i");
const BRANCH_NUMBERS = /^v?(\d+)(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?(\.(?:\d+|[xX*]))?$/i;

/**
 * Normalises a version as Composer's `VersionParser::normalize()` does
 * (https://getcomposer.org/doc/articles/versions.md): `1.2` → `1.2.0.0`, `v1.0.0-beta.2` →
 * `1.0.0.0-beta2`, `1.0.0-rc1` → `1.0.0.0-RC1`, `2.x-dev` → `2.9999999.9999999.9999999-dev`,
 * branches to `dev-name`. Aliases (`1.0 as 2.0`), stability flags (`@dev`) and build
 * metadata (`+foo`) are dropped. Up to four numeric parts; date versions such as
 * `20100102` or `2010-01-02.5` keep their shape. Anything else is refused with Composer's
 * message.
 */
export function normalizeComposerVersion(raw: string): ParseResult<string> {
  const original = raw.trim();
  let version = original;
  const alias = ALIAS.exec(version);
  if (alias) version = alias[1] as string;
  const flag = STABILITY_FLAG.exec(version);
  if (flag) version = version.slice(0, version.length - flag[0].length);
  if (version === "master" || version === "trunk" || version === "default") version = `dev-${version}`;
  if (version.toLowerCase().startsWith("dev-")) return { ok: true, value: `dev-${version.slice(4)}` };

  const build = /^([^,\s+]+)\+\S+$/.exec(version);
  if (build) version = build[1] as string;

  const classical = CLASSICAL.exec(version)?.groups;
  if (classical) {
    const { major, minor, patch, extra } = classical;
    return {
      ok: true,
      value: addModifiers(`${major}${minor || ".0"}${patch || ".0"}${extra || ".0"}`, classical),
    };
  }
  const dated = DATE_BASED.exec(version)?.groups;
  if (dated) return { ok: true, value: addModifiers((dated.date as string).replace(/\D/g, "."), dated) };

  const devBranch = /^(.*?)[.-]?dev$/i.exec(version);
  if (devBranch) {
    const branch = normalizeComposerBranch(devBranch[1] as string);
    if (!branch.startsWith("dev-")) return { ok: true, value: branch };
  }
  return { ok: false, reason: `invalid version string "${original}"` };
}

/** Appends the stability modifier: `-beta2`, `-RC1-dev`, nothing for `stable`. */
function addModifiers(version: string, groups: Record<string, string | undefined>): string {
  const { word, number = "", dev } = groups;
  let out = version;
  if (word) {
    if (word === "stable") return out;
    out += `-${expandStability(word)}${number.replace(/^[.-]+/, "")}`;
  }
  if (dev) out += "-dev";
  return out;
}

function expandStability(word: string): string {
  const lower = word.toLowerCase();
  const names: Record<string, string> = { a: "alpha", b: "beta", p: "patch", pl: "patch", rc: "RC" };
  return names[lower] ?? lower;
}

/**
 * Composer's `VersionParser::normalizeBranch()`: a numeric branch (`2.1.x`, `v3`) becomes
 * `2.1.9999999.9999999-dev`; any other name becomes `dev-name`.
 */
export function normalizeComposerBranch(name: string): string {
  const trimmed = name.trim();
  const m = BRANCH_NUMBERS.exec(trimmed);
  if (!m) return `dev-${trimmed}`;
  let version = "";
  for (let i = 1; i < 5; i++) version += m[i] !== undefined ? (m[i] as string).replace(/[*X]/g, "x") : ".x";
  return `${version.replaceAll("x", "9999999")}-dev`;
}
