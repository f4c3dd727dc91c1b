/** RubyGems' version pattern (Gem::Version::VERSION_PATTERN): `1.2.3`, `1.0.0.rc1`, `2.0.0-beta.1`. */
const gemVersionPattern = /^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;

/** True when `version` is a version RubyGems accepts. */
export function isGemVersion(version: string): boolean {
  return version.length <= 128 && gemVersionPattern.test(version);
}
