import { defineScheme } from "../version-scheme.js";
import { mavenRanges } from "./maven-version-range.js";
import { compareMavenVersions, parseMavenVersion } from "./parse-maven-version.js";

/** Maven artifact versions (`ComparableVersion`) with Maven version ranges. */
export const mavenScheme = defineScheme({
  id: "maven",
  check: parseMavenVersion,
  compare: compareMavenVersions,
  ranges: mavenRanges,
});
