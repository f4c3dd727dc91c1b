/**
 * A reader for the YAML that JavaScript package managers write: yarn berry's `yarn.lock`
 * (yarn's own SYML writer) and `pnpm-lock.yaml` (js-yaml `dump`). It reads block mappings and
 * block sequences by indentation, flow mappings and sequences (`{integrity: sha512-…}`,
 * `[x64]`), plain, single- and double-quoted scalars, comment lines and `---` document
 * separators. Every scalar stays a string (YAML's failsafe schema: `version: 1.10` is
 * "1.10"). Anchors, tags, block scalars (`|`, `>`) and multi-line plain scalars are not used
 * by those writers and are not supported: they are read as plain text or rejected with a
 * {@link LockYamlError} naming the line.
 *
 * Why not the `yaml` package: it is quadratic on large mappings (20 000 yarn entries take
 * seconds, 100 000 minutes). This reader is linear, bounded in depth, and builds
 * prototype-less objects (a `__proto__` key is plain data).
 */

export type YamlNode = string | YamlNode[] | YamlMap;
export type YamlMap = { [key: string]: YamlNode };

export class LockYamlError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "LockYamlError";
  }
}

/** Deepest nesting (block and flow) accepted. */
const maxDepth = 64;

interface Frame {
  indent: number;
  node: YamlMap | YamlNode[];
  /** A block sequence written at its key's indentation (`key:\n- a`). */
  sameIndentSequence?: boolean;
}

interface Pending {
  parent: YamlMap | YamlNode[];
  key: string;
  indent: number;
}

/** Parses every document of the stream; an empty stream gives one empty mapping. @throws LockYamlError */
export function parseLockfileYaml(text: string): YamlMap[] {
  const documents: YamlMap[] = [];
  let root = createMap();
  let stack: Frame[] = [{ indent: -1, node: root }];
  let pending: Pending | undefined;
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let raw = text.slice(start, end);
    start = end + 1;
    lineNo++;
    if (raw.endsWith("\r")) raw = raw.slice(0, -1);
    const content = raw.trimStart();
    if (content === "" || content.startsWith("#")) continue;
    if (raw === "---" || raw.startsWith("--- ") || raw === "...") {
      if (pending) setValue(pending.parent, pending.key, "");
      pending = undefined;
      if (raw !== "..." && (Object.keys(root).length > 0 || documents.length > 0)) {
        documents.push(root);
        root = createMap();
        stack = [{ indent: -1, node: root }];
      }
      continue;
    }
    const indent = raw.length - content.length;
    if (raw.slice(0, indent).includes("\t")) throw new LockYamlError("tab in indentation", lineNo);
    const isItem = content === "-" || content.startsWith("- ");

    if (pending) {
      const opensSequenceHere = indent === pending.indent && isItem && !Array.isArray(pending.parent);
      if (indent > pending.indent || opensSequenceHere) {
        const node: YamlMap | YamlNode[] = isItem ? [] : createMap();
        setValue(pending.parent, pending.key, node);
        if (stack.length >= maxDepth) throw new LockYamlError(`nesting deeper than ${maxDepth}`, lineNo);
        stack.push({ indent, node, sameIndentSequence: opensSequenceHere });
      } else {
        setValue(pending.parent, pending.key, "");
      }
      pending = undefined;
    }

    let top = stack.at(-1) as Frame;
    while (
      stack.length > 1 &&
      (indent < top.indent || (top.sameIndentSequence === true && indent === top.indent && !isItem))
    ) {
      stack.pop();
      top = stack.at(-1) as Frame;
    }
    if (indent !== top.indent && !(stack.length === 1 && top.indent === -1)) {
      throw new LockYamlError("unexpected indentation", lineNo);
    }
    if (stack.length === 1) top.indent = indent; // the root mapping's own indentation

    if (Array.isArray(top.node)) {
      if (!isItem) throw new LockYamlError("expected a '- ' sequence item", lineNo);
      const item = content.slice(1).trimStart();
      if (item === "") {
        pending = { parent: top.node, key: String(top.node.length), indent };
        top.node.push("");
        continue;
      }
      if (startsMapping(item)) {
        // `- key: value` opens a mapping inside the sequence, at the item's column.
        const map = createMap();
        top.node.push(map);
        if (stack.length >= maxDepth) throw new LockYamlError(`nesting deeper than ${maxDepth}`, lineNo);
        stack.push({ indent: indent + (content.length - item.length), node: map });
        pending = readEntry(map, item, indent + (content.length - item.length), lineNo);
      } else {
        top.node.push(readInline(item, lineNo));
      }
      continue;
    }
    pending = readEntry(top.node, content, indent, lineNo);
  }
  if (pending) setValue(pending.parent, pending.key, "");
  documents.push(root);
  return documents;
}

/** Reads `key: value` into `map`; returns the pending entry when the value is a nested block. */
function readEntry(map: YamlMap, content: string, indent: number, line: number): Pending | undefined {
  const [key, rest] = splitKey(content, line);
  if (rest === "") return { parent: map, key, indent };
  map[key] = readInline(rest, line);
  return undefined;
}

function startsMapping(item: string): boolean {
  if (item.startsWith('"') || item.startsWith("'")) {
    const end = findQuotedEnd(item);
    return (
      end > 0 &&
      item
        .slice(end + 1)
        .trimStart()
        .startsWith(":")
    );
  }
  if (item.startsWith("{") || item.startsWith("[")) return false;
  return item.includes(": ") || item.endsWith(":");
}

/** `key: rest` with a plain, single- or double-quoted key. */
function splitKey(content: string, line: number): [string, string] {
  if (content.startsWith('"') || content.startsWith("'")) {
    const end = findQuotedEnd(content);
    if (end < 0) throw new LockYamlError("unterminated quoted key", line);
    const key = unquote(content.slice(0, end + 1), line);
    const after = content.slice(end + 1).trimStart();
    if (!after.startsWith(":")) throw new LockYamlError("expected ':' after key", line);
    return [key, after.slice(1).trim()];
  }
  const separator = content.indexOf(": ");
  if (separator >= 0) return [content.slice(0, separator).trim(), content.slice(separator + 2).trim()];
  if (content.endsWith(":")) return [content.slice(0, -1).trim(), ""];
  throw new LockYamlError("expected 'key: value'", line);
}

/** A value written on the key's line: quoted scalar, flow collection or plain scalar. */
function readInline(text: string, line: number): YamlNode {
  if (text.startsWith('"') || text.startsWith("'")) {
    const end = findQuotedEnd(text);
    if (end < 0) throw new LockYamlError("unterminated quoted scalar", line);
    const after = text.slice(end + 1).trim();
    if (after !== "" && !after.startsWith("#")) throw new LockYamlError("text after a quoted scalar", line);
    return unquote(text.slice(0, end + 1), line);
  }
  if (text.startsWith("{") || text.startsWith("[")) {
    const reader = new FlowReader(text, line);
    const value = reader.readValue(0);
    reader.expectEnd();
    return value;
  }
  if (text.startsWith("|") || text.startsWith(">"))
    throw new LockYamlError("block scalars are not supported", line);
  return readPlainScalar(text);
}

/** A plain scalar: trimmed, a ` #` comment cut off. */
function readPlainScalar(text: string): string {
  const comment = text.indexOf(" #");
  return (comment >= 0 ? text.slice(0, comment) : text).trim();
}

/** Index of the closing quote of the quoted scalar `text` starts with, or -1. */
function findQuotedEnd(text: string): number {
  const quote = text[0];
  for (let i = 1; i < text.length; i++) {
    const ch = text[i];
    if (quote === '"' && ch === "\\") i++;
    else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}

const escapes: Record<string, string> = {
  "0": "\0",
  a: "\u0007",
  b: "\b",
  t: "\t",
  "\t": "\t",
  n: "\n",
  v: "\v",
  f: "\f",
  r: "\r",
  e: "\u001b",
  " ": " ",
  '"': '"',
  "/": "/",
  "\\": "\\",
  N: "\u0085",
  _: "\u00a0",
  L: "\u2028",
  P: "\u2029",
};

function unquote(token: string, line: number): string {
  const body = token.slice(1, -1);
  if (token.startsWith("'")) return body.replace(/''/g, "'");
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const code = body[++i] ?? "";
    const simple = escapes[code];
    if (simple !== undefined) {
      out += simple;
      continue;
    }
    const length = code === "x" ? 2 : code === "u" ? 4 : code === "U" ? 8 : 0;
    const hex = body.slice(i + 1, i + 1 + length);
    const value = Number.parseInt(hex, 16);
    if (length === 0 || hex.length !== length || !/^[0-9A-Fa-f]+$/.test(hex) || value > 0x10ffff) {
      throw new LockYamlError(`bad escape "\\${code}"`, line);
    }
    out += value >= 0xd800 && value <= 0xdfff ? "\ufffd" : String.fromCodePoint(value);
    i += length;
  }
  return out;
}

/** Flow collections on one line: `{a: b, c: {d: e}}`, `[x, y]`. */
class FlowReader {
  private pos = 0;

  constructor(
    private readonly text: string,
    private readonly line: number,
  ) {}

  readValue(depth: number): YamlNode {
    if (depth > maxDepth) throw new LockYamlError(`nesting deeper than ${maxDepth}`, this.line);
    this.skipSpaces();
    const ch = this.text[this.pos];
    if (ch === "{") return this.readMapping(depth);
    if (ch === "[") return this.readSequence(depth);
    if (ch === '"' || ch === "'") return this.readQuoted();
    return this.readPlain(true);
  }

  expectEnd(): void {
    this.skipSpaces();
    if (this.pos < this.text.length && this.text[this.pos] !== "#") {
      throw new LockYamlError("text after a flow collection", this.line);
    }
  }

  private readMapping(depth: number): YamlMap {
    this.pos++; // {
    const map = createMap();
    for (;;) {
      this.skipSpaces();
      if (this.text[this.pos] === "}") {
        this.pos++;
        return map;
      }
      const ch = this.text[this.pos];
      const key = ch === '"' || ch === "'" ? this.readQuoted() : this.readPlain(false);
      this.skipSpaces();
      let value: YamlNode = "";
      if (this.text[this.pos] === ":") {
        this.pos++;
        value = this.readValue(depth + 1);
      }
      map[key] = value;
      this.skipSpaces();
      const next = this.text[this.pos++];
      if (next === "}") return map;
      if (next !== ",") throw new LockYamlError("expected ',' or '}' in a flow mapping", this.line);
    }
  }

  private readSequence(depth: number): YamlNode[] {
    this.pos++; // [
    const out: YamlNode[] = [];
    for (;;) {
      this.skipSpaces();
      if (this.text[this.pos] === "]") {
        this.pos++;
        return out;
      }
      out.push(this.readValue(depth + 1));
      this.skipSpaces();
      const next = this.text[this.pos++];
      if (next === "]") return out;
      if (next !== ",") throw new LockYamlError("expected ',' or ']' in a flow sequence", this.line);
    }
  }

  private readQuoted(): string {
    const end = findQuotedEnd(this.text.slice(this.pos));
    if (end < 0) throw new LockYamlError("unterminated quoted scalar", this.line);
    const token = this.text.slice(this.pos, this.pos + end + 1);
    this.pos += end + 1;
    return unquote(token, this.line);
  }

  /** Plain scalar up to `,` `}` `]` (and, for keys, `: ` / `:` at the end). */
  private readPlain(isValue: boolean): string {
    const begin = this.pos;
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos];
      if (ch === "," || ch === "}" || ch === "]") break;
      if (!isValue && ch === ":" && /[\s,}\]]|^$/.test(this.text[this.pos + 1] ?? "")) break;
      this.pos++;
    }
    return this.text.slice(begin, this.pos).trim();
  }

  private skipSpaces(): void {
    while (this.text[this.pos] === " " || this.text[this.pos] === "\t") this.pos++;
  }
}

function createMap(): YamlMap {
  return Object.create(null) as YamlMap;
}

function setValue(parent: YamlMap | YamlNode[], key: string, value: YamlNode): void {
  if (Array.isArray(parent)) parent[Number(key)] = value;
  else parent[key] = value;
}
