import type { SchemeId } from "./advisory.js";
import type { PackageType } from "./package.js";

/** The version scheme each package type orders its versions with. */
export const schemeOfPackageType = {
  apk: "apk",
  deb: "dpkg",
  rpm: "rpm",
  npm: "semver",
  pypi: "pep440",
  maven: "maven",
  golang: "golang",
  gem: "gem",
  cargo: "cargo",
  composer: "composer",
  nuget: "nuget",
  generic: undefined,
} as const satisfies Record<PackageType, SchemeId | undefined>;

/** The package types drydock catalogs and matches: every purl type with a version scheme. */
export const ecosystemTypes: readonly PackageType[] = (
  Object.keys(schemeOfPackageType) as PackageType[]
).filter((type) => schemeOfPackageType[type] !== undefined);

/** The scheme for a purl type, or undefined when drydock has none (then versions compare as text). */
export function schemeForType(type: string): SchemeId | undefined {
  return Object.hasOwn(schemeOfPackageType, type) ? schemeOfPackageType[type as PackageType] : undefined;
}
