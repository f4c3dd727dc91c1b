import { compareCodeUnits, compareDigitStrings } from "../ordering.js";
import type { Ordering } from "../version-scheme.js";
import { ApkTokenizer, Suffix, Token, type TokenState } from "./tokenize-apk-version.js";

/**
 * Orders two Alpine versions exactly as apk-tools 3 `apk_version_compare()` does, valid or
 * not: both token streams are walked while they have the same token kinds, comparing
 * token values; the first difference decides. When one stream runs out of matching kinds:
 * a pre-release suffix (`_alpha`, `_beta`, `_pre`, `_rc`) makes its side older
 * (`1.0_rc1 < 1.0`), otherwise the side whose next token kind ranks higher is older (the
 * end of the string ranks above every component, so `1.0 < 1.0.1` and `1.0 < 1.0-r1`).
 *
 * With `fuzzy` (apk's `~` operator), `a` also equals `b` when `b` is a prefix of `a` by
 * whole components (`3.6.9 ~ 3.6`).
 */
export function compareApkVersions(a: string, b: string, fuzzy = false): Ordering {
  const ta = new ApkTokenizer(a);
  const tb = new ApkTokenizer(b);
  while (ta.state.kind === tb.state.kind && ta.state.kind < Token.end) {
    const order = compareTokens(ta.state, tb.state);
    if (order !== 0) return order;
    ta.next();
    tb.next();
  }
  const ka = ta.state.kind;
  const kb = tb.state.kind;
  if (ka === kb) return 0;
  if (kb === Token.end && fuzzy) return 0;
  if (ka === Token.suffix && ta.state.suffix < Suffix.none) return -1;
  if (kb === Token.suffix && tb.state.suffix < Suffix.none) return 1;
  return ka > kb ? -1 : 1;
}

/** Tells whether apk-tools accepts `version` (`apk_version_validate()`). */
export function isValidApkVersion(version: string): boolean {
  const t = new ApkTokenizer(version);
  while (t.state.kind < Token.end) t.next();
  return t.state.kind === Token.end;
}

/** Compares two tokens of the same kind. */
function compareTokens(a: TokenState, b: TokenState): Ordering {
  switch (a.kind) {
    case Token.digit:
      // A component with a leading zero compares as a string (Gentoo rule): 1.05 < 1.1.
      if (a.text.startsWith("0") || b.text.startsWith("0")) return compareCodeUnits(a.text, b.text);
      return compareDigitStrings(a.text, b.text);
    case Token.initialDigit:
    case Token.suffixNumber:
    case Token.revision:
      return compareDigitStrings(a.text, b.text);
    case Token.suffix:
      return a.suffix === b.suffix ? 0 : a.suffix < b.suffix ? -1 : 1;
    default:
      // Letters and commit hashes compare as strings.
      return compareCodeUnits(a.text, b.text);
  }
}

/**
 * apk's `apk_version_match()`: tests `a op b` for an apk operator made of `<`, `>`, `=` and
 * `~` (fuzzy equality: `3.6.9 ~ 3.6`). Returns `undefined` for an unknown operator.
 */
export function matchApkVersions(a: string, op: string, b: string): boolean | undefined {
  if (!/^[<>=~]+$/.test(op)) return undefined;
  const fuzzy = op.includes("~");
  const order = compareApkVersions(a, b, fuzzy);
  if (order < 0) return op.includes("<");
  if (order > 0) return op.includes(">");
  return op.includes("=") || fuzzy;
}
