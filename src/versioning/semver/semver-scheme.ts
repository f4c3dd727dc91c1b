import { defineScheme } from "../version-scheme.js";
import { compareNpmVersions, npmRanges, parseNpmVersion } from "./npm-semver.js";

/** SemVer 2.0 as npm reads it (node-semver), with npm ranges. */
export const semverScheme = defineScheme({
  id: "semver",
  check: (raw: string) => parseNpmVersion(raw),
  compare: compareNpmVersions,
  ranges: npmRanges(),
});
