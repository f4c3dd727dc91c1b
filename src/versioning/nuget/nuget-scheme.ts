import { defineScheme } from "../version-scheme.js";
import { compareNuGetVersions, parseNuGetVersion } from "./nuget-version.js";
import { nugetRanges } from "./nuget-version-range.js";

/** NuGet package versions with NuGet interval ranges. */
export const nugetScheme = defineScheme({
  id: "nuget",
  check: parseNuGetVersion,
  compare: compareNuGetVersions,
  ranges: nugetRanges,
});
