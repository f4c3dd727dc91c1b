import { isValidApkVersion } from "../../src/versioning/apk/compare-apk-versions.js";
import { normalizeComposerVersion } from "../../src/versioning/composer/normalize-composer-version.js";
import { phpVersionCompare } from "../../src/versioning/composer/php-version-compare.js";
import { compareVersions } from "../../src/versioning/index.js";
import type { Line } from "./vector-checks.js";

/**
 * Vector lines where drydock deliberately disagrees with the upstream data, each with the
 * reason. A rule only excuses a failing line for which `applies` holds, and a rule that
 * excuses nothing fails the suite.
 */
export interface VectorException {
  name: string;
  files: readonly string[];
  reason: string;
  applies(line: Line): boolean;
}

const text = (line: Line, key: string): string => String(line[key] ?? "");
const pairIn = (pairs: ReadonlyArray<readonly [string, string]>) => (line: Line) =>
  pairs.some(
    ([a, b]) =>
      (text(line, "a") === a && text(line, "b") === b) || (text(line, "a") === b && text(line, "b") === a),
  );

export const vectorExceptions: readonly VectorException[] = [
  {
    name: "dpkg-warns-on-underscore-in-revision",
    files: ["deb-parse.jsonl"],
    reason:
      "go-deb-version accepts `6.0-4.el6.x86_64`; dpkg (parseversion, deb-version(7)) warns that `_` is not " +
      "allowed in a revision. drydock follows dpkg: the version parses, with a warning.",
    applies: (line) => text(line, "input").includes("_"),
  },
  {
    name: "rpm-parse-evr-not-go-rpm-version",
    files: ["rpm-parse.jsonl"],
    reason:
      "rpm-parse lines come from knqyf263/go-rpm-version, not rpm. drydock splits as rpm's parseEVR(): the " +
      "release follows the LAST '-', an epoch is digits only (`a:0` and `-1:0` are part of the version), " +
      "surrounding whitespace is trimmed, and an empty version is refused.",
    applies: (line) => {
      const input = text(line, "input");
      const lastHyphenSplit = (input.match(/-/g)?.length ?? 0) >= 2;
      const nonDigitEpoch = /^[^:]*[^0-9:][^:]*:/.test(input.trim());
      return lastHyphenSplit || nonDigitEpoch || /\s$/.test(input) || text(line, "version").trim() === "";
    },
  },
  {
    name: "apk-tools-2-on-versions-apk-tools-3-rejects",
    files: ["osv-scalibr/alpine-versions.jsonl", "osv-scalibr/alpine-versions-generated.jsonl"],
    reason:
      "osv-scalibr generated these with apk-tools 2.x. drydock implements apk-tools 3 (its own test data, " +
      "apk.jsonl, passes in full); the two differ only where a version is invalid to apk-tools 3 (`5.7.1p1-r0`, " +
      "`1-r`, `0..1`), which apk-tools 3 stops comparing at the invalid token.",
    applies: (line) => !isValidApkVersion(text(line, "a")) || !isValidApkVersion(text(line, "b")),
  },
  {
    name: "maven-4-ordering-of-combination-items",
    files: ["osv-scalibr/maven-versions.jsonl", "osv-scalibr/maven-versions-generated.jsonl"],
    reason:
      "drydock follows current Maven (apache/maven master, whose ComparableVersionTest is maven.jsonl, 1019/1019). " +
      "These pairs are ordered differently by Maven 3.8.7 and 3.9.6 (checked with their maven-artifact jars), " +
      "which osv-scalibr's data reflects.",
    applies: pairIn([
      ["1-1.foo-bar-1-baz-0.1", "1-1.foo-bar1baz-.1"],
      ["3.2.0rc2", "3.2.0-rc.1"],
      ["1.0.0-beta11", "1.0.0-beta.6"],
      ["3.5.0-CR-2", "3.5.0.Beta-1"],
      ["v3.7.0rc2", "v3.7.0-rc.3"],
    ]),
  },
  {
    name: "scalibr-maven-order-no-maven-gives",
    files: ["osv-scalibr/maven-versions.jsonl", "osv-scalibr/maven-versions-generated.jsonl"],
    reason:
      "Maven 3.8.7, Maven 3.9.6 (maven-artifact jars) and current Maven all order these pairs against the " +
      "osv-scalibr line; drydock follows Maven.",
    applies: pairIn([
      ["1-1", "1-ga-1"],
      ["1.0.0-RC16", "1.0.0.RC8-beta"],
      ["1.0.0-gradle-rework-beta3", "1.0.0.RC7-3"],
      ["2.9.0-1", "2.9.0.RC1"],
      ["6.1.12.rc5", "6.1.12rc1"],
      ["1.1.31.sec10", "1.1.31_noneautotype"],
      ["1.1.34.sec10", "1.1.34_noneautotype"],
      ["1.1.46.sec10", "1.1.46_noneautotype"],
      ["1.2.8.sec10_noneautotype", "1.2.8_noneautotype"],
      ["1.2.31.sec10", "1.2.31_noneautotype"],
      ["1.2.48.sec10", "1.2.48_noneautotype"],
      ["1.2.50.sec10", "1.2.50_noneautotype"],
      ["1.2.54.sec10", "1.2.54_noneautotype"],
      ["1.2.57.sec10", "1.2.57_noneautotype"],
      ["1.2.60.sec10", "1.2.60_noneautotype"],
      ["1.2.67.sec10", "1.2.67_noneautotype"],
      ["1.0.0rc0", "1.0.beta8"],
      ["1.5.9.RC1", "1.5.9-RC0"],
      ["1.1.0-01-glassfish", "1.1.0.Beta1"],
    ]),
  },
  {
    name: "composer-normalizes-before-comparing",
    files: ["osv-scalibr/packagist-versions.jsonl", "osv-scalibr/packagist-versions-generated.jsonl"],
    reason:
      "osv-scalibr orders Packagist versions with PHP version_compare on the raw strings. Composer normalises " +
      "first (VersionParser): `1.0` and `1.0.0` are the same version, `v3.0` is a release after `v3.0.0-beta`, " +
      "`-ALPHA.1` is alpha, `-stable` is the release. drydock follows Composer; this rule only excuses pairs " +
      "both of which Composer normalises and whose order normalisation changes.",
    applies: (line) => {
      const a = text(line, "a");
      const b = text(line, "b");
      if (!normalizeComposerVersion(a).ok || !normalizeComposerVersion(b).ok) return false;
      const strip = (v: string) => v.replace(/^[vV](?=\d)/, "");
      return phpVersionCompare(strip(a), strip(b)) !== compareVersions("composer", a, b);
    },
  },
  {
    name: "scalibr-packagist-hash-edge-cases",
    files: ["osv-scalibr/packagist-versions.jsonl"],
    reason:
      "osv-scalibr's own edge cases for `#` in a version. Composer refuses such versions; PHP's " +
      "version_compare (php_canonicalize_version drops a `#` after a dot) orders `1.2.3.#` below `1.2.3`, " +
      "which is what drydock does for versions Composer cannot read.",
    applies: (line) => text(line, "a").includes("#") || text(line, "b").includes("#"),
  },
];
