/**
 * Pieces of Composer's version grammar (composer/semver `VersionParser`), as regular
 * expression sources shared by version normalisation and constraint parsing.
 */

/**
 * The optional stability suffix: a separator, a stability word with an optional number
 * (`-beta.2`, `RC1`, `pl3`), and an optional `-dev`. Named groups `<p>word`, `<p>number`
 * and `<p>dev`. Composer writes the number as a possessive `(?:[.-]?\d+)*+`; the
 * one-digit-per-step form here matches the same strings without backtracking blow-ups.
 */
export function modifierPattern(p = ""): string {
  return `[._-]?(?:(?<${p}word>stable|beta|b|RC|alpha|a|patch|pl|p)(?<${p}number>(?:[.-]?\\d)*))?(?<${p}dev>[.-]?dev)?`;
}

/** The stability flags of a constraint or version (`@dev`). */
export const STABILITY_FLAGS = "stable|RC|beta|alpha|dev";
