import { compareCodeUnits, compareDigitStrings, isAllDigits, signOf } from "../ordering.js";
import type { Ordering } from "../version-scheme.js";
import type { GoVersion } from "./parse-go-version.js";

/**
 * Orders Go module versions as x/mod's `semver.Compare`: major, minor and patch by value,
 * then the pre-release with SemVer 2.0 precedence (a release sorts after its pre-releases;
 * numeric identifiers compare numerically and before alphanumeric ones; a longer list of
 * equal identifiers wins). Build metadata, including `+incompatible`, is ignored.
 * Pseudo-versions are pre-releases built so that this order is commit order.
 */
export function compareGoVersions(a: GoVersion, b: GoVersion): Ordering {
  return (
    compareDigitStrings(a.major, b.major) ||
    compareDigitStrings(a.minor, b.minor) ||
    compareDigitStrings(a.patch, b.patch) ||
    comparePrerelease(a.prerelease, b.prerelease)
  );
}

function comparePrerelease(x: string, y: string): Ordering {
  if (x === y) return 0;
  if (x === "") return 1;
  if (y === "") return -1;
  const xs = x.slice(1).split(".");
  const ys = y.slice(1).split(".");
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const dx = xs[i] as string;
    const dy = ys[i] as string;
    if (dx === dy) continue;
    const nx = isAllDigits(dx);
    const ny = isAllDigits(dy);
    if (nx !== ny) return nx ? -1 : 1;
    return nx ? compareDigitStrings(dx, dy) : compareCodeUnits(dx, dy);
  }
  return signOf(xs.length - ys.length);
}
