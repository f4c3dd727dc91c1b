import type { RangeSyntax } from "../version-scheme.js";
import { compareMavenVersions, type MavenVersion, parseMavenVersion } from "./parse-maven-version.js";

interface Bound {
  version: MavenVersion;
  inclusive: boolean;
}

/** One restriction of a Maven range: an interval with optional bounds. */
export interface MavenRestriction {
  lower?: Bound;
  upper?: Bound;
}

/**
 * Maven version ranges (`VersionRange.createFromVersionSpec`,
 * https://maven.apache.org/pom.html#dependency-version-requirement-specification):
 * `[1.0,2.0)`, `(,1.0]`, `[1.5,)`, `[1.0]`, and unions of them `(,1.0],[1.2,)`.
 * Maven reads a bare `1.0` as a soft "recommended" version that every version satisfies;
 * as a range test that would be useless, so drydock reads it as `[1.0]`.
 */
export const mavenRanges: RangeSyntax<MavenVersion, MavenRestriction[]> = {
  name: "Maven version range",
  parse(range) {
    const text = (typeof range === "string" ? range : range.join(",")).trim();
    const reason = `bad Maven version range "${text}"`;
    if (text === "") return { ok: false, reason };
    if (!/^[[(]/.test(text)) {
      const v = parseVersion(text);
      return v
        ? {
            ok: true,
            value: [{ lower: { version: v, inclusive: true }, upper: { version: v, inclusive: true } }],
          }
        : { ok: false, reason };
    }
    const restrictions: MavenRestriction[] = [];
    let rest = text;
    while (rest !== "") {
      const m = /^([[(])([^\])]*)([\])])\s*(?:,\s*(?=[[(])|$)/.exec(rest);
      if (!m) return { ok: false, reason };
      const restriction = parseRestriction(m[1] === "[", m[2] ?? "", m[3] === "]");
      if (!restriction) return { ok: false, reason };
      const previous = restrictions[restrictions.length - 1];
      // Maven refuses overlapping restrictions ("Ranges overlap"): each must start at or
      // after the end of the previous one.
      if (previous && !follows(previous, restriction)) return { ok: false, reason };
      restrictions.push(restriction);
      rest = rest.slice(m[0].length);
    }
    return { ok: true, value: restrictions };
  },
  matches(version, restrictions) {
    return restrictions.some((r) => within(version, r));
  },
};

function parseVersion(raw: string): MavenVersion | undefined {
  const r = parseMavenVersion(raw);
  return r.ok ? r.value : undefined;
}

function parseRestriction(
  lowerInclusive: boolean,
  body: string,
  upperInclusive: boolean,
): MavenRestriction | undefined {
  const comma = body.indexOf(",");
  if (comma < 0) {
    // "[1.0]" is an exact version; "(1.0)" is not a range.
    const v = parseVersion(body.trim());
    if (!lowerInclusive || !upperInclusive || !v) return undefined;
    return { lower: { version: v, inclusive: true }, upper: { version: v, inclusive: true } };
  }
  const lowerText = body.slice(0, comma).trim();
  const upperText = body.slice(comma + 1).trim();
  if (upperText.includes(",")) return undefined;
  const restriction: MavenRestriction = {};
  if (lowerText !== "") {
    const v = parseVersion(lowerText);
    if (!v) return undefined;
    restriction.lower = { version: v, inclusive: lowerInclusive };
  }
  if (upperText !== "") {
    const v = parseVersion(upperText);
    if (!v) return undefined;
    restriction.upper = { version: v, inclusive: upperInclusive };
  }
  if (restriction.lower && restriction.upper) {
    const order = compareMavenVersions(restriction.lower.version, restriction.upper.version);
    if (order > 0 || (order === 0 && !(lowerInclusive && upperInclusive))) return undefined;
  }
  return restriction;
}

function follows(previous: MavenRestriction, next: MavenRestriction): boolean {
  if (!previous.upper || !next.lower) return false;
  return compareMavenVersions(next.lower.version, previous.upper.version) >= 0;
}

function within(v: MavenVersion, r: MavenRestriction): boolean {
  if (r.lower) {
    const order = compareMavenVersions(v, r.lower.version);
    if (order < 0 || (order === 0 && !r.lower.inclusive)) return false;
  }
  if (r.upper) {
    const order = compareMavenVersions(v, r.upper.version);
    if (order > 0 || (order === 0 && !r.upper.inclusive)) return false;
  }
  return true;
}
