import { matchApkVersions } from "../../src/versioning/apk/compare-apk-versions.js";
import { compareComposerOperator } from "../../src/versioning/composer/composer-comparator.js";
import { normalizeComposerVersion } from "../../src/versioning/composer/normalize-composer-version.js";
import { compareDpkgStrings } from "../../src/versioning/dpkg/compare-dpkg-strings.js";
import { parseDpkgVersion } from "../../src/versioning/dpkg/parse-dpkg-version.js";
import {
  approximateGemRecommendation,
  gemRelease,
  isGemPrerelease,
  parseGemVersion,
} from "../../src/versioning/gem/gem-version.js";
import { formatGoVersion, parseGoVersion } from "../../src/versioning/golang/parse-go-version.js";
import {
  buildPseudoVersion,
  isPseudoVersion,
  pseudoVersionRev,
  pseudoVersionTime,
} from "../../src/versioning/golang/pseudo-version.js";
import { compareVersions, parseVersion, satisfies } from "../../src/versioning/index.js";
import { formatNuGetVersion, parseNuGetVersion } from "../../src/versioning/nuget/nuget-version.js";
import { parsePep440Version } from "../../src/versioning/pep440/parse-pep440-version.js";
import { pep440Specifiers } from "../../src/versioning/pep440/pep440-specifiers.js";
import { parseRpmEvr } from "../../src/versioning/rpm/parse-rpm-evr.js";
import { rpmvercmp } from "../../src/versioning/rpm/rpmvercmp.js";
import { type NpmSemverOptions, npmRanges, parseNpmVersion } from "../../src/versioning/semver/npm-semver.js";
import type { Ordering } from "../../src/versioning/version-scheme.js";

/** One vector line. */
export type Line = Record<string, unknown>;

/** The outcome of checking one line: `undefined` when it passed, else what went wrong. */
export type Check = (line: Line) => string | undefined;

/** How each vector file is checked, and against which scheme (README "Part 1"). */
export interface FileCheck {
  scheme: string;
  check: Check;
  /** For ordering files: whether a line compared at least one string the scheme rejects. */
  unparsed?: (line: Line) => boolean;
}

const str = (line: Line, key: string): string => String(line[key]);

/** An ordering check in both directions: compare(a, b) === cmp and compare(b, a) === -cmp. */
function ordering(compare: (a: string, b: string, line: Line) => Ordering): Check {
  return (line) => {
    const a = str(line, "a");
    const b = str(line, "b");
    const forward = compare(a, b, line);
    const backward = compare(b, a, line);
    const want = line.cmp as number;
    if (forward === want && backward === -want) return undefined;
    return `compare(a, b) = ${forward}, compare(b, a) = ${backward}, want ${want}`;
  };
}

/** Orders with the registered scheme, exactly as callers of `compareVersions` get it. */
function schemeOrdering(scheme: string): FileCheck {
  return {
    scheme,
    check: ordering((a, b) => compareVersions(scheme, a, b)),
    unparsed: (line) => !parseVersion(scheme, str(line, "a")).ok || !parseVersion(scheme, str(line, "b")).ok,
  };
}

/** node-semver options as the vectors normalise them (README: `options`). */
function npmOptions(line: Line): NpmSemverOptions {
  return (line.options as NpmSemverOptions | undefined) ?? {};
}

function expectBool(actual: boolean | undefined, want: unknown, what: string): string | undefined {
  return actual === want ? undefined : `${what} = ${actual}, want ${want}`;
}

function same(actual: unknown, want: unknown, what: string): string | undefined {
  return JSON.stringify(actual) === JSON.stringify(want)
    ? undefined
    : `${what} = ${JSON.stringify(actual)}, want ${JSON.stringify(want)}`;
}

const cargoOps: Readonly<Record<string, (o: Ordering) => boolean>> = {
  "==": (o) => o === 0,
  "!=": (o) => o !== 0,
  "<": (o) => o < 0,
  "<=": (o) => o <= 0,
  ">": (o) => o > 0,
  ">=": (o) => o >= 0,
};

/** Every vector file and its check. A file missing from this table fails the suite. */
export const fileChecks: Readonly<Record<string, FileCheck>> = {
  // --- Debian -------------------------------------------------------------------------
  "deb.jsonl": {
    scheme: "dpkg",
    // `fn` lines target dpkg's raw string comparison (README: upstream_part, verrevcmp_string).
    check: ordering((a, b, line) => (line.fn ? compareDpkgStrings(a, b) : compareVersions("dpkg", a, b))),
    unparsed: (line) =>
      !line.fn && (!parseDpkgVersion(str(line, "a")).ok || !parseDpkgVersion(str(line, "b")).ok),
  },
  "deb-parse.jsonl": {
    scheme: "dpkg",
    check: (line) => {
      const r = parseDpkgVersion(str(line, "input"));
      // dpkg `parseversion` levels: "error" rejects; "warn" is accepted with a warning.
      if (line.level === "error") return r.ok ? "accepted, want an error" : undefined;
      if (line.level === "warn")
        return r.ok && r.warning ? undefined : `got ${JSON.stringify(r)}, want a warning`;
      // Without a level (go-deb-version lines), "valid" means dpkg neither errs nor warns.
      const clean = r.ok && r.warning === undefined;
      if (clean !== line.valid) return `got ${JSON.stringify(r)}, want valid: ${line.valid}`;
      if (!r.ok || line.epoch === undefined) return undefined;
      return same(
        [r.value.epoch, r.value.upstream, r.value.revision],
        [line.epoch, line.upstream, line.revision],
        "parts",
      );
    },
  },
  "osv-scalibr/debian-versions.jsonl": schemeOrdering("dpkg"),
  "osv-scalibr/debian-versions-generated.jsonl": schemeOrdering("dpkg"),

  // --- RPM ----------------------------------------------------------------------------
  "rpm.jsonl": {
    scheme: "rpm",
    check: ordering((a, b, line) =>
      line.fn === "rpmvercmp" ? rpmvercmp(a, b) : compareVersions("rpm", a, b),
    ),
    unparsed: (line) =>
      line.fn !== "rpmvercmp" && (!parseRpmEvr(str(line, "a")).ok || !parseRpmEvr(str(line, "b")).ok),
  },
  "rpm-parse.jsonl": {
    scheme: "rpm",
    check: (line) => {
      const r = parseRpmEvr(str(line, "input"));
      if (!r.ok) return `rejected: ${r.reason}`;
      const { epoch, version, release } = r.value;
      return same(
        [Number(epoch ?? "0"), version, release ?? ""],
        [line.epoch, line.version, line.release],
        "EVR",
      );
    },
  },
  "osv-scalibr/redhat-versions.jsonl": schemeOrdering("rpm"),

  // --- Alpine -------------------------------------------------------------------------
  "apk.jsonl": schemeOrdering("apk"),
  "apk-valid.jsonl": {
    scheme: "apk",
    check: (line) => expectBool(parseVersion("apk", str(line, "version")).ok, line.valid, "valid"),
  },
  "apk-fuzzy.jsonl": {
    scheme: "apk",
    // `expect: false` means the upstream line used the negated operator.
    check: (line) =>
      expectBool(matchApkVersions(str(line, "a"), str(line, "op"), str(line, "b")), line.expect, "match"),
  },
  "osv-scalibr/alpine-versions.jsonl": schemeOrdering("apk"),
  "osv-scalibr/alpine-versions-generated.jsonl": schemeOrdering("apk"),

  // --- Python -------------------------------------------------------------------------
  "pypi.jsonl": schemeOrdering("pep440"),
  "pypi-parse.jsonl": {
    scheme: "pep440",
    check: (line) => {
      const r = parsePep440Version(str(line, "input"));
      if (r.ok !== line.valid) return `valid = ${r.ok}, want ${line.valid}`;
      return r.ok && line.normalized !== undefined
        ? same(r.value.normalized, line.normalized, "normalized")
        : undefined;
    },
  },
  "pypi-specifiers.jsonl": {
    scheme: "pep440",
    check: (line) => {
      // Every upstream Specifier is built with prereleases=True, which is drydock's behaviour.
      const v = parsePep440Version(str(line, "version"));
      const spec = pep440Specifiers.parse(str(line, "specifier"));
      if (!v.ok || !spec.ok) return `did not parse: ${JSON.stringify([v, spec])}`;
      return expectBool(pep440Specifiers.matches(v.value, spec.value), line.satisfies, "satisfies");
    },
  },
  "osv-scalibr/pypi-versions.jsonl": schemeOrdering("pep440"),
  "osv-scalibr/pypi-versions-generated.jsonl": schemeOrdering("pep440"),

  // --- npm ----------------------------------------------------------------------------
  "npm.jsonl": {
    scheme: "semver",
    check: ordering((a, b, line) => {
      const x = parseNpmVersion(a, npmOptions(line));
      const y = parseNpmVersion(b, npmOptions(line));
      if (!x.ok || !y.ok) return compareVersions("semver", a, b);
      return x.value.compare(y.value);
    }),
  },
  "npm-ranges.jsonl": {
    scheme: "semver",
    check: (line) => {
      const syntax = npmRanges(npmOptions(line));
      const v = parseNpmVersion(str(line, "version"), npmOptions(line));
      const r = syntax.parse(str(line, "range"));
      // A version or range node-semver rejects never satisfies (node-semver returns false).
      const result = v.ok && r.ok && syntax.matches(v.value, r.value);
      return expectBool(result, line.satisfies, "satisfies");
    },
  },
  "npm-valid.jsonl": {
    scheme: "semver",
    check: (line) => {
      const r = parseNpmVersion(str(line, "version"), {});
      if (!r.ok) return r.reason;
      const { major, minor, patch, prerelease, build } = r.value;
      return same(
        [major, minor, patch, prerelease, build],
        [line.major, line.minor, line.patch, line.prerelease, line.build],
        "parts",
      );
    },
  },
  "osv-scalibr/semver-versions.jsonl": schemeOrdering("semver"),

  // --- RubyGems -----------------------------------------------------------------------
  "rubygems.jsonl": schemeOrdering("gem"),
  "rubygems-parse.jsonl": {
    scheme: "gem",
    check: (line) => {
      const r = parseGemVersion(str(line, "input"));
      if (r.ok !== line.valid) return `valid = ${r.ok}, want ${line.valid}`;
      if (!r.ok) return undefined;
      if (line.version !== undefined && r.value.text !== line.version) return `version = ${r.value.text}`;
      if (line.prerelease !== undefined && isGemPrerelease(r.value) !== line.prerelease)
        return "prerelease differs";
      if (line.release !== undefined && gemRelease(r.value).text !== line.release)
        return `release = ${gemRelease(r.value).text}`;
      const rec = line.approximate_recommendation;
      return rec === undefined
        ? undefined
        : same(approximateGemRecommendation(r.value), rec, "approximate_recommendation");
    },
  },
  "rubygems-requirements.jsonl": {
    scheme: "gem",
    check: (line) =>
      expectBool(
        satisfies("gem", str(line, "version"), line.requirement as string[]),
        line.satisfies,
        "satisfies",
      ),
  },
  "osv-scalibr/rubygems-versions.jsonl": schemeOrdering("gem"),
  "osv-scalibr/rubygems-versions-generated.jsonl": schemeOrdering("gem"),

  // --- Maven --------------------------------------------------------------------------
  "maven.jsonl": schemeOrdering("maven"),
  "osv-scalibr/maven-versions.jsonl": schemeOrdering("maven"),
  "osv-scalibr/maven-versions-generated.jsonl": schemeOrdering("maven"),

  // --- Go -----------------------------------------------------------------------------
  "go.jsonl": schemeOrdering("golang"),
  "go-parse.jsonl": {
    scheme: "golang",
    check: (line) => {
      const r = parseGoVersion(str(line, "input"));
      if (r.ok !== line.valid) return `valid = ${r.ok}, want ${line.valid}`;
      return same(r.ok ? formatGoVersion(r.value) : "", line.canonical, "canonical");
    },
  },
  "go-pseudo.jsonl": {
    scheme: "golang",
    check: (line) => {
      const pseudo = str(line, "pseudo");
      const time = new Date(str(line, "time"));
      const built = buildPseudoVersion(str(line, "major"), str(line, "older"), time, str(line, "rev"));
      if (built !== pseudo) return `built ${built}, want ${pseudo}`;
      if (!isPseudoVersion(pseudo)) return "not recognised as a pseudo-version";
      if (pseudoVersionTime(pseudo)?.getTime() !== time.getTime()) return "time differs";
      if (pseudoVersionRev(pseudo) !== line.rev) return "rev differs";
      const older = str(line, "older");
      // A pseudo-version sorts after the tag it builds on.
      return older === "" || compareVersions("golang", pseudo, older) === 1
        ? undefined
        : "does not sort after older";
    },
  },

  // --- NuGet --------------------------------------------------------------------------
  "nuget.jsonl": schemeOrdering("nuget"),
  "nuget-parse.jsonl": {
    scheme: "nuget",
    check: (line) => {
      const r = parseNuGetVersion(str(line, "input"));
      if (r.ok !== line.valid) return `valid = ${r.ok}, want ${line.valid}`;
      if (!r.ok) return undefined;
      if (line.version !== undefined) {
        const got = [r.value.numbers.join("."), r.value.release.join(".")];
        return same(got, [line.version, line.release], "version, release");
      }
      const normalized = formatNuGetVersion(r.value);
      const full = r.value.metadata === "" ? normalized : `${normalized}+${r.value.metadata}`;
      return same([normalized, full], [line.normalized, line.full], "normalized, full");
    },
  },
  "osv-scalibr/nuget-versions.jsonl": schemeOrdering("nuget"),

  // --- Composer -----------------------------------------------------------------------
  "composer-ops.jsonl": {
    scheme: "composer",
    check: (line) =>
      expectBool(
        compareComposerOperator(str(line, "a"), str(line, "op"), str(line, "b")),
        line.expect,
        "result",
      ),
  },
  "composer-parse.jsonl": {
    scheme: "composer",
    check: (line) => {
      const r = normalizeComposerVersion(str(line, "input"));
      if (r.ok !== line.valid) return `valid = ${r.ok}, want ${line.valid}`;
      return r.ok ? same(r.value, line.normalized, "normalized") : undefined;
    },
  },
  "osv-scalibr/packagist-versions.jsonl": schemeOrdering("composer"),
  "osv-scalibr/packagist-versions-generated.jsonl": schemeOrdering("composer"),

  // --- Cargo --------------------------------------------------------------------------
  "cargo.jsonl": schemeOrdering("cargo"),
  "cargo-ops.jsonl": {
    scheme: "cargo",
    check: (line) => {
      const test = cargoOps[str(line, "op")];
      const order = compareVersions("cargo", str(line, "a"), str(line, "b"));
      return expectBool(test?.(order), line.expect, "result");
    },
  },
  "cargo-ranges.jsonl": {
    scheme: "cargo",
    check: (line) =>
      expectBool(satisfies("cargo", str(line, "version"), str(line, "range")), line.satisfies, "satisfies"),
  },
};

/** Vector files for ecosystems drydock has no scheme for: read, counted, not run. */
export const filesWithoutScheme: Readonly<Record<string, string>> = {
  "osv-scalibr/cran-versions.jsonl": "CRAN (R) versions: drydock has no CRAN scheme (no SchemeId)",
  "osv-scalibr/cran-versions-generated.jsonl": "CRAN (R) versions: drydock has no CRAN scheme (no SchemeId)",
  "osv-scalibr/hackage-versions.jsonl":
    "Hackage (Haskell) versions: drydock has no Hackage scheme (no SchemeId)",
  "osv-scalibr/pub-versions.jsonl": "pub (Dart) versions: drydock has no pub scheme (no SchemeId)",
};
