/**
 * Tokens of Ruby source as far as reading a gemspec needs. Strings carry their value when it
 * is static; an interpolated string (`"#{x}"`) has `value: undefined`.
 */
export type RubyToken =
  | { kind: "ident"; text: string }
  | { kind: "const"; text: string }
  | { kind: "string"; value: string | undefined }
  | { kind: "words"; values: string[] }
  | { kind: "symbol"; text: string }
  | { kind: "number"; text: string }
  | { kind: "punct"; text: string }
  | { kind: "newline" };

const pairs: Record<string, string> = { "(": ")", "[": "]", "{": "}", "<": ">" };
const maxTokens = 2_000_000;

/**
 * Splits Ruby source into tokens without evaluating anything: comments (`#`, `=begin`/`=end`),
 * double/single-quoted strings with escapes, `%q %Q %w %W %i %I %r %()` literals with nested
 * delimiters, heredocs (body as a string), symbols, constants, identifiers and punctuation.
 * Unknown characters become punctuation; the tokenizer never throws and is linear in the
 * input (bounded to {@link maxTokens} tokens).
 */
export function tokenizeRuby(source: string): RubyToken[] {
  return new RubyLexer(source).run();
}

class RubyLexer {
  private pos = 0;
  private readonly tokens: RubyToken[] = [];
  private readonly heredocs: { id: string; squiggly: boolean; dash: boolean }[] = [];

  constructor(private readonly src: string) {}

  run(): RubyToken[] {
    while (this.pos < this.src.length && this.tokens.length < maxTokens) this.next();
    return this.tokens;
  }

  private next(): void {
    const src = this.src;
    const ch = src[this.pos] as string;
    if (ch === "\n") {
      this.pos++;
      this.tokens.push({ kind: "newline" });
      if (this.heredocs.length > 0) this.readHeredocBodies();
      if (src.startsWith("=begin", this.pos)) this.skipBlockComment();
      return;
    }
    if (ch === " " || ch === "\t" || ch === "\r") {
      this.pos++;
      return;
    }
    if (ch === "\\" && src[this.pos + 1] === "\n") {
      this.pos += 2;
      return;
    }
    if (ch === "#") {
      const end = src.indexOf("\n", this.pos);
      this.pos = end < 0 ? src.length : end;
      return;
    }
    if (ch === '"' || ch === "`") {
      this.pos++;
      this.tokens.push({ kind: "string", value: this.readQuoted(ch, ch, true) });
      return;
    }
    if (ch === "'") {
      this.pos++;
      this.tokens.push({ kind: "string", value: this.readQuoted("'", "'", false) });
      return;
    }
    if (ch === "%" && this.readPercentLiteral()) return;
    if (ch === "<" && src[this.pos + 1] === "<" && this.readHeredocStart()) return;
    if (ch === ":" && src[this.pos + 1] !== ":") {
      if (this.readSymbol()) return;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*[?!]?/.exec(src.slice(this.pos, this.pos + 256));
    if (word) {
      this.pos += word[0].length;
      const first = word[0][0] as string;
      this.tokens.push({ kind: first >= "A" && first <= "Z" ? "const" : "ident", text: word[0] });
      return;
    }
    const number = /^[0-9][0-9_]*(\.[0-9][0-9_]*)?/.exec(src.slice(this.pos, this.pos + 256));
    if (number) {
      this.pos += number[0].length;
      this.tokens.push({ kind: "number", text: number[0] });
      return;
    }
    const punct = /^(::|==|=>|=~|!=|<=|>=|&&|\|\||\*\*|&\.|[^\s])/.exec(src.slice(this.pos, this.pos + 2));
    const text = punct?.[0] ?? ch;
    this.pos += text.length;
    this.tokens.push({ kind: "punct", text });
  }

  /** Reads up to the closing delimiter (nesting when open ≠ close); undefined when interpolated. */
  private readQuoted(open: string, close: string, interpolates: boolean): string | undefined {
    const src = this.src;
    let out = "";
    let dynamic = false;
    let depth = 0;
    while (this.pos < src.length) {
      const ch = src[this.pos++] as string;
      if (ch === "\\") {
        out += interpolates ? this.readEscape() : this.readLiteralEscape(open, close);
      } else if (ch === close && depth === 0) {
        return dynamic ? undefined : out;
      } else if (interpolates && ch === "#" && src[this.pos] === "{") {
        dynamic = true;
        this.skipInterpolation();
      } else {
        if (open !== close && ch === open) depth++;
        else if (open !== close && ch === close) depth--;
        out += ch;
      }
    }
    return undefined; // unterminated
  }

  private skipInterpolation(): void {
    let depth = 0;
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos++];
      if (ch === "{") depth++;
      else if (ch === "}" && --depth === 0) return;
    }
  }

  private readEscape(): string {
    const src = this.src;
    const ch = src[this.pos++] ?? "";
    const simple: Record<string, string> = {
      n: "\n",
      t: "\t",
      r: "\r",
      s: " ",
      e: "\u001b",
      a: "\u0007",
      b: "\b",
      f: "\f",
      v: "\v",
      "0": "\0",
    };
    if (ch in simple) return simple[ch] as string;
    if (ch === "u") {
      if (src[this.pos] === "{") {
        const end = src.indexOf("}", this.pos);
        if (end < 0) return "";
        const codes = src
          .slice(this.pos + 1, end)
          .trim()
          .split(/\s+/);
        this.pos = end + 1;
        return codes.map((c) => decodeCodePoint(c)).join("");
      }
      const hex = src.slice(this.pos, this.pos + 4);
      this.pos += 4;
      return decodeCodePoint(hex);
    }
    if (ch === "x") {
      const hex = /^[0-9A-Fa-f]{1,2}/.exec(src.slice(this.pos, this.pos + 2))?.[0] ?? "";
      this.pos += hex.length;
      return hex ? String.fromCharCode(Number.parseInt(hex, 16)) : "";
    }
    if (ch === "\n") return "";
    return ch;
  }

  private readLiteralEscape(open: string, close: string): string {
    const ch = this.src[this.pos] ?? "";
    if (ch === "\\" || ch === open || ch === close) {
      this.pos++;
      return ch;
    }
    return "\\";
  }

  /** `%q(...)`, `%Q[...]`, `%w{...}`, `%i<...>`, `%r{...}`, `%(...)`. False when `%` is an operator. */
  private readPercentLiteral(): boolean {
    const src = this.src;
    const match = /^%([qQwWiIrsx]?)([^A-Za-z0-9\s])/.exec(src.slice(this.pos, this.pos + 3));
    if (!match) return false;
    const type = match[1] ?? "";
    const open = match[2] as string;
    // `x % y` (modulo with spaces) is an operator, `%(...)` right after a value is too.
    const previous = this.tokens.at(-1);
    if (
      type === "" &&
      previous &&
      (previous.kind === "ident" || previous.kind === "number" || previous.kind === "string")
    ) {
      return false;
    }
    const close = pairs[open] ?? open;
    this.pos += match[0].length;
    const value = this.readQuoted(open, close, type === "Q" || type === "" || type === "W" || type === "I");
    if (type === "w" || type === "W" || type === "i" || type === "I") {
      this.tokens.push({
        kind: "words",
        values: value === undefined ? [] : value.split(/\s+/).filter(Boolean),
      });
    } else if (type === "s") {
      this.tokens.push({ kind: "symbol", text: value ?? "" });
    } else {
      this.tokens.push({ kind: "string", value });
    }
    return true;
  }

  /** `<<~ID`, `<<-ID`, `<<ID`, `<<~'ID'`: the body is read after the current line ends. */
  private readHeredocStart(): boolean {
    const match = /^<<([~-]?)(["'`]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(
      this.src.slice(this.pos, this.pos + 256),
    );
    if (!match?.[3]) return false;
    this.pos += match[0].length;
    this.heredocs.push({ id: match[3], squiggly: match[1] === "~", dash: match[1] !== "" });
    this.tokens.push({ kind: "string", value: undefined }); // body read later; value not needed
    return true;
  }

  private readHeredocBodies(): void {
    for (const doc of this.heredocs.splice(0)) {
      while (this.pos < this.src.length) {
        const end = this.src.indexOf("\n", this.pos);
        const line = this.src.slice(this.pos, end < 0 ? this.src.length : end);
        this.pos = end < 0 ? this.src.length : end + 1;
        if ((doc.dash ? line.trim() : line) === doc.id) break;
      }
    }
  }

  private skipBlockComment(): void {
    const end = this.src.indexOf("\n=end", this.pos);
    if (end < 0) {
      this.pos = this.src.length;
      return;
    }
    const lineEnd = this.src.indexOf("\n", end + 1);
    this.pos = lineEnd < 0 ? this.src.length : lineEnd;
  }

  private readSymbol(): boolean {
    const src = this.src;
    if (src[this.pos + 1] === '"') {
      this.pos += 2;
      this.tokens.push({ kind: "symbol", text: this.readQuoted('"', '"', true) ?? "" });
      return true;
    }
    const match = /^:([A-Za-z_][A-Za-z0-9_]*[?!=]?)/.exec(src.slice(this.pos, this.pos + 256));
    if (!match?.[1]) return false;
    this.pos += match[0].length;
    this.tokens.push({ kind: "symbol", text: match[1] });
    return true;
  }
}

function decodeCodePoint(hex: string): string {
  const code = Number.parseInt(hex, 16);
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
    ? String.fromCodePoint(code)
    : "\ufffd";
}
