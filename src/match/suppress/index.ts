/**
 * Suppression: VEX statements (OpenVEX, CycloneDX) and ignore rules (docs/ignore-file.md)
 * mark findings as suppressed; reports show or hide them, gates do not count them.
 * The ignore-file parser (parse-ignore-file.ts, which brings the YAML parser) is not
 * re-exported: loadSuppressions loads it only when there is an ignore file to read.
 */
export { type ApplySuppressionsOptions, applySuppressions } from "./apply-suppressions.js";
export { defaultIgnoreFile, type LoadSuppressionsOptions, loadSuppressions } from "./load-suppressions.js";
export { parseExpiry } from "./parse-expiry.js";
export { parseVexDocument } from "./parse-vex-document.js";
export { matchesPurl, type PurlPattern, parsePurlPattern } from "./purl-pattern.js";
export { createSuppressionStep } from "./suppression-step.js";
export type { IgnoreRule, Suppressions, VexProduct, VexStatement, VexStatus } from "./suppression-types.js";
