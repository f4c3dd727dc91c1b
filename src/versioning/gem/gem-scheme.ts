import { defineScheme } from "../version-scheme.js";
import { gemRequirements } from "./gem-requirement.js";
import { compareGemVersions, parseGemVersion } from "./gem-version.js";

/** RubyGems versions (`Gem::Version`) with `Gem::Requirement` ranges. */
export const gemScheme = defineScheme({
  id: "gem",
  check: parseGemVersion,
  compare: compareGemVersions,
  ranges: gemRequirements,
});
