import { defineScheme } from "../version-scheme.js";
import { comparePep440Versions } from "./compare-pep440-versions.js";
import { parsePep440Version } from "./parse-pep440-version.js";
import { pep440Specifiers } from "./pep440-specifiers.js";

/**
 * Python package versions (PEP 440), with PEP 440 specifier sets as ranges.
 *
 * Owned rather than delegated to @renovatebot/pep440: that library reads numbers as
 * JavaScript numbers (so `1.9999999999999999999 == 1.9999999999999999998`, and local
 * labels such as `1e5` become numbers), and its `satisfies` fails 20 of the 188 specifier
 * vectors.
 */
export const pep440Scheme = defineScheme({
  id: "pep440",
  check: parsePep440Version,
  compare: comparePep440Versions,
  ranges: pep440Specifiers,
});
