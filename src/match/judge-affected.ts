import type { AffectedPackage, SchemeId, VersionRange } from "../model/index.js";
import { compareRaw } from "../versioning/compare-raw.js";
import { isSchemeId, satisfies } from "../versioning/index.js";
import type { AnyVersionScheme } from "../versioning/version-scheme.js";
import type { Judgement, VendorState } from "./matcher.js";
import { memoisedScheme } from "./version-cache.js";

/*
 * Hot path: a scan judges every candidate of every package (10^5 for a large SBOM), so the
 * version helpers here read each string once through memoisedScheme and create no closures.
 */

/** Whether `raw` is a valid `scheme` version. */
function isValid(scheme: SchemeId, raw: string): boolean {
  return memoisedScheme(scheme).parse(raw) !== undefined;
}

/** Orders two version strings exactly as the versioning module's compareVersions. */
function compareVersions(scheme: SchemeId, a: string, b: string): number {
  return compareRaw(memoisedScheme(scheme), a, b);
}

/**
 * Whether `version` lies in one OSV range: exactly the versioning module's isVersionInRange
 * (at or after `introduced`, `"0"` for the beginning; before `fixed`; at or before
 * `lastAffected`; before `limit`, `"*"` for none), over memoised parses and without the
 * closure that one allocates per call. `undefined` when the version or a bound does not
 * parse. test/match/fast-paths.test.ts holds the two to the same answers.
 */
function isInRange(s: AnyVersionScheme, version: string, range: VersionRange): boolean | undefined {
  const v = s.parse(version);
  if (v === undefined) return undefined;
  const introduced =
    range.introduced === undefined || range.introduced === "0" ? null : s.parse(range.introduced);
  const fixed = range.fixed === undefined ? null : s.parse(range.fixed);
  const lastAffected = range.lastAffected === undefined ? null : s.parse(range.lastAffected);
  const limit = range.limit === undefined || range.limit === "*" ? null : s.parse(range.limit);
  if (introduced === undefined || fixed === undefined || lastAffected === undefined || limit === undefined) {
    return undefined;
  }
  if (introduced !== null && s.compare(v, introduced) < 0) return false;
  if (fixed !== null && s.compare(v, fixed) >= 0) return false;
  if (lastAffected !== null && s.compare(v, lastAffected) > 0) return false;
  if (limit !== null && s.compare(v, limit) >= 0) return false;
  return true;
}

/**
 * The shared, pure core of every matcher: is `version` affected according to one affected
 * entry? Order of evidence: the vendor's not-affected statement, native requirements,
 * listed versions, then typed ranges (a union). A range whose scheme is unknown (`ecosystem`)
 * or a bound that does not parse makes the answer `unknown`, never "not affected".
 */
export function judgeAffected(version: string, affected: AffectedPackage, scheme: SchemeId): Judgement {
  if (affected.status === "not-affected") {
    return {
      verdict: "not-affected",
      reason: affected.note ?? "the vendor states the package is not affected",
    };
  }
  if (!isValid(scheme, version)) {
    return { verdict: "unknown", reason: `installed version ${version} is not a valid ${scheme} version` };
  }
  if (affected.requirements) return judgeRequirements(version, affected, scheme);
  for (const listed of affected.versions ?? []) {
    if (listed === version || (isValid(scheme, listed) && compareVersions(scheme, version, listed) === 0)) {
      return affectedJudgement(version, affected, scheme, { listed });
    }
  }
  let unreadable: string | undefined;
  for (const range of affected.ranges) {
    if (range.scheme === "git") continue;
    const rangeScheme = schemeOfRange(range, scheme);
    if (rangeScheme === undefined) {
      unreadable ??= `the advisory's range has no version scheme drydock can order (${range.scheme})`;
      continue;
    }
    const inRange = isInRange(memoisedScheme(rangeScheme), version, range);
    if (inRange === true) return affectedJudgement(version, affected, rangeScheme, { range });
    if (inRange === undefined)
      unreadable ??= `a bound of the range ${describeRange(range)} is not a valid ${rangeScheme} version`;
  }
  if (unreadable) return { verdict: "unknown", reason: unreadable };
  const versionRanges: VersionRange[] = [];
  for (const r of affected.ranges) if (r.scheme !== "git") versionRanges.push(r);
  if (versionRanges.length === 0 && !affected.versions?.length) {
    return {
      verdict: "unknown",
      reason: "the advisory gives no version range for this package (only commits or nothing)",
    };
  }
  return notAffectedJudgement(version, versionRanges, scheme);
}

/** Why a version outside every range is not affected: at or above a fix, or out of range. */
function notAffectedJudgement(version: string, ranges: VersionRange[], scheme: SchemeId): Judgement {
  let best: { fixed: string; range: VersionRange } | undefined;
  for (const range of ranges) {
    const s = schemeOfRange(range, scheme) ?? scheme;
    if (range.fixed === undefined || !isValid(s, range.fixed)) continue;
    const introduced =
      range.introduced === undefined || range.introduced === "0" ? undefined : range.introduced;
    if (introduced !== undefined && compareVersions(s, version, introduced) < 0) continue;
    if (compareVersions(s, version, range.fixed) < 0) continue;
    if (best === undefined || compareVersions(s, range.fixed, best.fixed) > 0)
      best = { fixed: range.fixed, range };
  }
  if (best) return { verdict: "fixed", fixedIn: best.fixed, range: best.range };
  const described = ranges.map(describeRange).join("; ");
  return { verdict: "out-of-range", reason: `${version} is outside every affected range (${described})` };
}

function judgeRequirements(version: string, affected: AffectedPackage, scheme: SchemeId): Judgement {
  const req = affected.requirements!;
  const s = isSchemeId(req.scheme) ? req.scheme : scheme;
  const hit = (req.affected ?? []).find((r) => satisfies(s, version, r));
  const inAffected = req.affected === undefined || hit !== undefined;
  const exempt = (req.unaffected ?? []).find((r) => satisfies(s, version, r));
  if (inAffected && exempt === undefined) {
    return affectedJudgement(version, affected, s, hit === undefined ? {} : { requirement: hit });
  }
  if (exempt !== undefined) return { verdict: "fixed", fixedIn: exempt };
  return {
    verdict: "out-of-range",
    reason: `${version} satisfies none of ${(req.affected ?? []).join(" | ")}`,
  };
}

function affectedJudgement(
  version: string,
  affected: AffectedPackage,
  scheme: SchemeId,
  how: { range?: VersionRange; listed?: string; requirement?: string },
): Judgement {
  const later: string[] = [];
  for (const f of affected.fix.versions) {
    if (isValid(scheme, f) && compareVersions(scheme, f, version) > 0) later.push(f);
  }
  if (later.length > 1) later.sort((a, b) => compareVersions(scheme, a, b));
  const state = affected.fix.state === "fixed" && later.length === 0 ? "unknown" : affected.fix.state;
  // Field by field in the order reports show them (no spread): one of these per finding.
  const judgement = { verdict: "affected" } as Extract<Judgement, { verdict: "affected" }>;
  if (how.range) judgement.range = how.range;
  if (how.listed !== undefined) judgement.listed = how.listed;
  if (how.requirement !== undefined) judgement.requirement = how.requirement;
  judgement.fix = { state, versions: later };
  const vendorState = vendorStateOf(affected);
  if (vendorState) judgement.vendorState = vendorState;
  if (affected.note) judgement.note = affected.note;
  return judgement;
}

/**
 * The vendor status behind an unfixed entry: the fix state where it is one (wont-fix,
 * fix-deferred, end-of-life), else Debian's labels in the note (unimportant, no-dsa,
 * undetermined). Plain "open, no fix yet" has none.
 */
export function vendorStateOf(affected: AffectedPackage): VendorState | undefined {
  switch (affected.fix.state) {
    case "wont-fix":
      return "will-not-fix";
    case "fix-deferred":
      return "fix-deferred";
    case "end-of-life":
      return "end-of-life";
    default:
      break;
  }
  if (!affected.note) return undefined;
  // The security tracker's labels open a `; `-separated note segment ("no-dsa (minor): ...").
  let found: VendorState | undefined;
  for (const segment of affected.note.split(/;\s*/)) {
    const label = segment.trim().toLowerCase();
    if (label.startsWith("unimportant")) return "unimportant";
    if (found !== "no-dsa" && label.startsWith("no-dsa")) found = "no-dsa";
    else if (found === undefined && label.startsWith("undetermined")) found = "undetermined";
  }
  return found;
}

function schemeOfRange(range: VersionRange, fallback: SchemeId): SchemeId | undefined {
  if (range.scheme === "ecosystem") return undefined;
  if (range.scheme === "git") return undefined;
  return isSchemeId(range.scheme) ? range.scheme : fallback;
}

/** A range as people read it: `< 3.0.9-1`, `>= 2.0, < 2.3`, `<= 1.4`, `all versions`. */
export function describeRange(range: VersionRange): string {
  const parts: string[] = [];
  if (range.introduced !== undefined && range.introduced !== "0") parts.push(`>= ${range.introduced}`);
  if (range.fixed !== undefined) parts.push(`< ${range.fixed}`);
  else if (range.lastAffected !== undefined) parts.push(`<= ${range.lastAffected}`);
  else if (range.limit !== undefined && range.limit !== "*") parts.push(`< ${range.limit}`);
  return parts.length ? parts.join(", ") : "all versions";
}
