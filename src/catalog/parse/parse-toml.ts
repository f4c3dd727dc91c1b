import { type Diagnostic, diagnostic } from "../../model/index.js";
import type { CatalogFile } from "../cataloger.js";

/**
 * A TOML 1.0 reader for lockfiles (poetry.lock). It reads tables, arrays of tables, dotted
 * keys, every string form, numbers, booleans, arrays and inline tables; dates and times are
 * kept as their text. It is lenient where lockfile reading allows (a redefined key keeps the
 * last value) and strict where safety needs it: nesting depth is bounded, tables are
 * prototype-less objects (a `__proto__` key is plain data), and errors are {@link TomlError}s
 * with a line number, never anything else.
 * https://toml.io/en/v1.0.0
 */

export type TomlTable = { [key: string]: TomlValue };
export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;

export class TomlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "TomlError";
  }
}

/** Deepest nesting of arrays and inline tables accepted. */
const maxDepth = 64;

/** @throws TomlError on malformed input. */
export function parseToml(text: string): TomlTable {
  return new TomlReader(text).readDocument();
}

function createTable(): TomlTable {
  return Object.create(null) as TomlTable;
}

function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

class TomlReader {
  private pos = 0;

  constructor(private readonly text: string) {}

  readDocument(): TomlTable {
    const root = createTable();
    let current = root;
    for (;;) {
      this.skipBlankAndComments();
      if (this.pos >= this.text.length) return root;
      if (this.text.startsWith("[[", this.pos)) {
        this.pos += 2;
        const path = this.readKeyPath();
        this.expect("]]");
        current = this.appendArrayTable(root, path);
      } else if (this.text[this.pos] === "[") {
        this.pos += 1;
        const path = this.readKeyPath();
        this.expect("]");
        current = this.tableAt(root, path);
      } else {
        this.readKeyValue(current);
      }
      this.endOfLine();
    }
  }

  private readKeyValue(table: TomlTable): void {
    const path = this.readKeyPath();
    this.skipSpaces();
    this.expect("=");
    this.skipSpaces();
    const value = this.readValue(0);
    const last = path.pop() as string;
    this.tableAt(table, path)[last] = value;
  }

  /** The table at a dotted path, created as needed; through an array of tables, its last element. */
  private tableAt(root: TomlTable, path: string[]): TomlTable {
    let table = root;
    for (const key of path) {
      let next = table[key];
      if (Array.isArray(next)) next = next.at(-1);
      if (!isTable(next)) {
        if (next !== undefined) throw this.error(`key "${key}" is not a table`);
        next = createTable();
        table[key] = next;
      }
      table = next;
    }
    return table;
  }

  private appendArrayTable(root: TomlTable, path: string[]): TomlTable {
    const last = path.pop() as string;
    const parent = this.tableAt(root, path);
    const existing = parent[last];
    const array = Array.isArray(existing) ? existing : [];
    if (existing !== undefined && !Array.isArray(existing)) throw this.error(`key "${last}" is not an array`);
    const table = createTable();
    array.push(table);
    parent[last] = array;
    return table;
  }

  private readKeyPath(): string[] {
    const path: string[] = [];
    for (;;) {
      this.skipSpaces();
      path.push(this.readKey());
      this.skipSpaces();
      if (this.text[this.pos] !== ".") return path;
      this.pos++;
    }
  }

  private readKey(): string {
    const ch = this.text[this.pos];
    if (ch === '"') return this.readBasicString();
    if (ch === "'") return this.readLiteralString();
    const match = /^[A-Za-z0-9_-]+/.exec(this.text.slice(this.pos, this.pos + 1024));
    if (!match) throw this.error("expected a key");
    this.pos += match[0].length;
    return match[0];
  }

  private readValue(depth: number): TomlValue {
    if (depth > maxDepth) throw this.error(`nesting deeper than ${maxDepth}`);
    const rest = this.text.slice(this.pos, this.pos + 3);
    if (rest === '"""') return this.readMultilineString('"""');
    if (rest === "'''") return this.readMultilineString("'''");
    const ch = this.text[this.pos];
    if (ch === '"') return this.readBasicString();
    if (ch === "'") return this.readLiteralString();
    if (ch === "[") return this.readArray(depth);
    if (ch === "{") return this.readInlineTable(depth);
    return this.readScalar();
  }

  private readArray(depth: number): TomlValue[] {
    this.pos++; // [
    const out: TomlValue[] = [];
    for (;;) {
      this.skipBlankAndComments();
      if (this.text[this.pos] === "]") {
        this.pos++;
        return out;
      }
      out.push(this.readValue(depth + 1));
      this.skipBlankAndComments();
      const ch = this.text[this.pos];
      if (ch === ",") this.pos++;
      else if (ch !== "]") throw this.error("expected ',' or ']' in array");
    }
  }

  private readInlineTable(depth: number): TomlTable {
    this.pos++; // {
    const table = createTable();
    this.skipSpaces();
    if (this.text[this.pos] === "}") {
      this.pos++;
      return table;
    }
    for (;;) {
      this.skipBlankAndComments();
      const path = this.readKeyPath();
      this.skipSpaces();
      this.expect("=");
      this.skipSpaces();
      const value = this.readValue(depth + 1);
      const last = path.pop() as string;
      this.tableAt(table, path)[last] = value;
      this.skipBlankAndComments();
      const ch = this.text[this.pos];
      this.pos++;
      if (ch === "}") return table;
      if (ch !== ",") throw this.error("expected ',' or '}' in inline table");
    }
  }

  private readScalar(): TomlValue {
    const match = /^[0-9A-Za-z_:.+-]+(?: [0-9][0-9:.+Z-]*)?/.exec(this.text.slice(this.pos, this.pos + 256));
    if (!match) throw this.error("expected a value");
    const token = match[0];
    this.pos += token.length;
    if (token === "true") return true;
    if (token === "false") return false;
    if (/^[+-]?(inf|nan)$/.test(token))
      return token.includes("nan") ? Number.NaN : token.startsWith("-") ? -Infinity : Infinity;
    if (/^0x[0-9A-Fa-f_]+$/.test(token)) return Number.parseInt(token.slice(2).replace(/_/g, ""), 16);
    if (/^0o[0-7_]+$/.test(token)) return Number.parseInt(token.slice(2).replace(/_/g, ""), 8);
    if (/^0b[01_]+$/.test(token)) return Number.parseInt(token.slice(2).replace(/_/g, ""), 2);
    if (/^[+-]?\d[\d_]*(\.\d[\d_]*)?([eE][+-]?\d[\d_]*)?$/.test(token))
      return Number(token.replace(/_/g, ""));
    if (/^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}/.test(token)) return token; // date / time, kept as text
    throw this.error(`unexpected value "${token.slice(0, 40)}"`);
  }

  private readBasicString(): string {
    this.pos++; // "
    let out = "";
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === undefined || ch === "\n") throw this.error("unterminated string");
      this.pos++;
      if (ch === '"') return out;
      out += ch === "\\" ? this.readEscape() : ch;
    }
  }

  private readLiteralString(): string {
    const end = this.text.indexOf("'", this.pos + 1);
    const newline = this.text.indexOf("\n", this.pos + 1);
    if (end < 0 || (newline >= 0 && newline < end)) throw this.error("unterminated string");
    const out = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return out;
  }

  private readMultilineString(delimiter: '"""' | "'''"): string {
    this.pos += 3;
    if (this.text[this.pos] === "\n") this.pos++;
    else if (this.text.startsWith("\r\n", this.pos)) this.pos += 2;
    let out = "";
    for (;;) {
      if (this.pos >= this.text.length) throw this.error("unterminated multi-line string");
      if (this.text.startsWith(delimiter, this.pos)) {
        // Up to two quotes right before the closing delimiter belong to the content.
        let extra = 0;
        while (extra < 2 && this.text[this.pos + 3 + extra] === delimiter[0]) extra++;
        out += delimiter[0]!.repeat(extra);
        this.pos += 3 + extra;
        return out;
      }
      const ch = this.text[this.pos++] as string;
      if (ch === "\\" && delimiter === '"""') {
        if (/^[ \t]*\r?\n/.test(this.text.slice(this.pos, this.pos + 64))) {
          while (/[ \t\r\n]/.test(this.text[this.pos] ?? "")) this.pos++; // line-ending backslash
        } else {
          out += this.readEscape();
        }
      } else {
        out += ch;
      }
    }
  }

  private readEscape(): string {
    const ch = this.text[this.pos++];
    switch (ch) {
      case "b":
        return "\b";
      case "t":
        return "\t";
      case "n":
        return "\n";
      case "f":
        return "\f";
      case "r":
        return "\r";
      case "e":
        return "\u001b";
      case '"':
        return '"';
      case "\\":
        return "\\";
      case "u":
      case "U": {
        const length = ch === "u" ? 4 : 8;
        const hex = this.text.slice(this.pos, this.pos + length);
        const code = /^[0-9A-Fa-f]+$/.test(hex) && hex.length === length ? Number.parseInt(hex, 16) : -1;
        if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
          throw this.error("bad unicode escape");
        this.pos += length;
        return String.fromCodePoint(code);
      }
      default:
        throw this.error(`bad escape "\\${ch ?? ""}"`);
    }
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.pos++;
  }

  private skipBlankAndComments(): void {
    for (;;) {
      const ch = this.text[this.pos];
      if (ch === " " || ch === "\t" || ch === "\n" || ch === "\r") this.pos++;
      else if (ch === "#") this.skipComment();
      else return;
    }
  }

  private skipComment(): void {
    const newline = this.text.indexOf("\n", this.pos);
    this.pos = newline < 0 ? this.text.length : newline;
  }

  private endOfLine(): void {
    this.skipSpaces();
    if (this.text[this.pos] === "#") this.skipComment();
    if (this.text[this.pos] === "\r") this.pos++;
    if (this.pos < this.text.length && this.text[this.pos] !== "\n") throw this.error("expected end of line");
  }

  private expect(token: string): void {
    if (!this.text.startsWith(token, this.pos)) throw this.error(`expected "${token}"`);
    this.pos += token.length;
  }

  private error(message: string): TomlError {
    let line = 1;
    for (let i = 0; i < this.pos && i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) line++;
    return new TomlError(message, line);
  }
}

/** The outcome of reading one selected file as TOML: a document, or the diagnostic saying why not. */
export type TomlRead = { ok: true; value: Record<string, TomlValue> } | { ok: false; diagnostic: Diagnostic };

/** Decodes a selected file as UTF-8 TOML. Never throws: bad TOML becomes a `parse-error` diagnostic. */
export function readTomlFile(file: CatalogFile, source: string): TomlRead {
  try {
    return { ok: true, value: parseToml(file.bytes.toString("utf8")) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      diagnostic: diagnostic("parse-error", `${file.path}: not valid TOML: ${message}`, {
        file: file.path,
        layer: file.layer,
        source,
      }),
    };
  }
}
