import { type RubyToken, tokenizeRuby } from "./tokenize-ruby.js";

/** What a gemspec states statically about its gem. */
export interface GemspecFacts {
  name?: string;
  version?: string;
  licenses: string[];
  platform?: string;
  /** Where name/version came from: the spec's assignments or the `# stub:` header line. */
  origin: "assignments" | "stub" | "none";
}

const attributes = new Set(["name", "version", "license", "licenses", "platform"]);

/**
 * Reads name, version, licenses and platform from a gemspec without running it: assignments
 * `<var>.name = "x"` (`.freeze` allowed), `<var>.version = "1.0"` or `Gem::Version.new("1.0")`,
 * `<var>.licenses = ["MIT", ...]` / `%w[...]`, `<var>.license = "MIT"`. Values computed at
 * run time are unknown; then the `# stub: <name> <version> <platform>` line RubyGems writes at
 * the top of installed specifications is used. The last static assignment wins, as in Ruby.
 */
export function parseGemspec(source: string): GemspecFacts {
  const tokens = tokenizeRuby(source);
  const facts: GemspecFacts = { licenses: [], origin: "none" };
  for (let i = 0; i + 3 < tokens.length; i++) {
    const receiver = tokens[i];
    const dot = tokens[i + 1];
    const attribute = tokens[i + 2];
    const assign = tokens[i + 3];
    if (
      receiver?.kind !== "ident" ||
      !isPunct(dot, ".") ||
      attribute?.kind !== "ident" ||
      !attributes.has(attribute.text) ||
      !isPunct(assign, "=")
    ) {
      continue;
    }
    const value = readValue(tokens, i + 4);
    if (value === undefined) continue;
    switch (attribute.text) {
      case "name":
        if (typeof value === "string") facts.name = value;
        break;
      case "version":
        if (typeof value === "string") facts.version = value;
        break;
      case "platform":
        if (typeof value === "string") facts.platform = value;
        break;
      case "license":
        if (typeof value === "string") facts.licenses = [value];
        break;
      case "licenses":
        facts.licenses = typeof value === "string" ? [value] : value;
        break;
    }
  }
  if (facts.name !== undefined && facts.version !== undefined) facts.origin = "assignments";
  const stub = /^# stub: (\S+) (\S+)(?: (\S+))?/m.exec(source.slice(0, 4096));
  if (stub?.[1] && stub[2] && (facts.name === undefined || facts.version === undefined)) {
    facts.name ??= stub[1];
    facts.version ??= stub[2];
    if (stub[3] && stub[3] !== "ruby") facts.platform ??= stub[3];
    facts.origin = "stub";
  }
  facts.licenses = facts.licenses.map((l) => l.trim()).filter((l) => l !== "");
  return facts;
}

/** A static string (`"x"`, `"x".freeze`, `Gem::Version.new("x")`) or list of strings at `at`. */
function readValue(tokens: RubyToken[], at: number): string | string[] | undefined {
  const token = tokens[at];
  if (token?.kind === "string") return token.value;
  if (token?.kind === "words") return token.values;
  if (token?.kind === "const" && token.text === "Gem") {
    // Gem::Version.new("1.0") / Gem::Version.create("1.0")
    const [sep, cls, dot, ctor, open, arg] = tokens.slice(at + 1, at + 7);
    if (
      isPunct(sep, "::") &&
      cls?.kind === "const" &&
      cls.text === "Version" &&
      isPunct(dot, ".") &&
      ctor?.kind === "ident" &&
      isPunct(open, "(") &&
      arg?.kind === "string"
    ) {
      return arg.value;
    }
    return undefined;
  }
  if (isPunct(token, "[")) {
    const values: string[] = [];
    for (let i = at + 1; i < tokens.length; i++) {
      const t = tokens[i];
      if (isPunct(t, "]")) return values;
      if (t?.kind === "string") {
        if (t.value === undefined) return undefined;
        values.push(t.value);
      } else if (
        !isPunct(t, ",") &&
        !isPunct(t, ".") &&
        !(t?.kind === "ident" && t.text === "freeze") &&
        t?.kind !== "newline"
      ) {
        return undefined; // something computed
      }
    }
  }
  return undefined;
}

function isPunct(token: RubyToken | undefined, text: string): boolean {
  return token?.kind === "punct" && token.text === text;
}
