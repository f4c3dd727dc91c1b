/**
 * The token stream of an Alpine package version, as apk-tools reads it (src/version.c,
 * apk-tools 3; grammar `digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#}`;
 * https://wiki.alpinelinux.org/wiki/APKBUILD_Reference#pkgver).
 *
 * Token kinds are numbered in the order they may appear: a kind may only be followed by a
 * kind allowed at that point, otherwise the stream turns `invalid` there. The numbering also
 * decides comparisons when two streams run out of matching tokens.
 */
export const Token = {
  initialDigit: 0,
  digit: 1,
  letter: 2,
  suffix: 3,
  suffixNumber: 4,
  commitHash: 5,
  revision: 6,
  end: 7,
  invalid: 8,
} as const;
export type TokenKind = (typeof Token)[keyof typeof Token];

/**
 * Suffix ranks: pre-release suffixes sort below "no suffix" (`none`), post-release ones
 * above: `_alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p`.
 */
export const Suffix = {
  invalid: 0,
  alpha: 1,
  beta: 2,
  pre: 3,
  rc: 4,
  none: 5,
  cvs: 6,
  svn: 7,
  git: 8,
  hg: 9,
  p: 10,
} as const;

const suffixNames: Readonly<Record<string, number>> = {
  alpha: Suffix.alpha,
  beta: Suffix.beta,
  pre: Suffix.pre,
  rc: Suffix.rc,
  cvs: Suffix.cvs,
  svn: Suffix.svn,
  git: Suffix.git,
  hg: Suffix.hg,
  p: Suffix.p,
};

/** The current token of a stream over one version string. */
export interface TokenState {
  kind: TokenKind;
  /** The token's text: its digits, letter, suffix name or hash. */
  text: string;
  /** For suffix tokens, the {@link Suffix} rank. */
  suffix: number;
}

/** A cursor over a version string that yields apk tokens. */
export class ApkTokenizer {
  private pos = 0;
  readonly state: TokenState = { kind: Token.initialDigit, text: "", suffix: Suffix.invalid };

  constructor(private readonly input: string) {
    // The first token is always a number (apk's token_first).
    this.readDigits(Token.initialDigit);
  }

  /** Advances to the next token (no-op once `end` or `invalid` is reached). */
  next(): void {
    if (this.state.kind >= Token.end) return;
    if (this.pos >= this.input.length) {
      this.state.kind = Token.end;
    } else if (!this.readToken(this.input[this.pos] as string)) {
      this.state.kind = Token.invalid;
    }
  }

  /** Reads the token that starts with `c`; false when it may not follow the current one. */
  private readToken(c: string): boolean {
    const s = this.state;
    if (c >= "a" && c <= "z") {
      if (s.kind > Token.digit) return false;
      s.kind = Token.letter;
      s.text = c;
      this.pos++;
      return true;
    }
    if (c === "." || (c >= "0" && c <= "9")) {
      if (c === ".") {
        if (s.kind > Token.digit) return false;
        this.pos++;
      }
      if (s.kind === Token.initialDigit || s.kind === Token.digit) return this.readDigits(Token.digit);
      return s.kind === Token.suffix && this.readDigits(Token.suffixNumber);
    }
    if (c === "_") {
      if (s.kind > Token.suffixNumber) return false;
      this.pos++;
      s.text = this.readWhile(/[a-z]/);
      s.suffix = suffixNames[s.text] ?? Suffix.invalid;
      s.kind = Token.suffix;
      return s.suffix !== Suffix.invalid;
    }
    if (c === "~") {
      if (s.kind >= Token.commitHash) return false;
      this.pos++;
      s.text = this.readWhile(/[0-9a-f]/);
      s.kind = Token.commitHash;
      return s.text !== "";
    }
    if (c === "-") {
      if (s.kind >= Token.revision || this.input[this.pos + 1] !== "r") return false;
      this.pos += 2;
      return this.readDigits(Token.revision);
    }
    return false;
  }

  /** Reads a run of digits as a token of `kind`; an empty run makes the stream invalid. */
  private readDigits(kind: TokenKind): boolean {
    this.state.kind = kind;
    this.state.text = this.readWhile(/[0-9]/);
    if (this.state.text !== "") return true;
    this.state.kind = Token.invalid;
    return false;
  }

  private readWhile(accept: RegExp): string {
    const start = this.pos;
    while (this.pos < this.input.length && accept.test(this.input[this.pos] as string)) this.pos++;
    return this.input.slice(start, this.pos);
  }
}
