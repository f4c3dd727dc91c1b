/** One module line of the build info (`mod`, `dep`, or the `=>` replacement after one). */
export interface GoModule {
  path: string;
  /** Empty for a directory replacement (`=> ../local`). */
  version: string;
  /** `h1:` go.sum hash, when the build recorded one. */
  sum?: string;
  replace?: GoModule;
}

/** The module info text of a Go binary, parsed (the format `go version -m` prints). */
export interface GoBuildInfo {
  /** The main package's import path (`path` line). */
  path?: string;
  /** The main module (`mod` line); absent for GOPATH-mode builds. */
  main?: GoModule;
  deps: GoModule[];
  /** `build` lines (`-compiler=gc`, `GOOS=linux`, `vcs.revision=…`), in order. */
  settings: { key: string; value: string }[];
}

/**
 * Parses module info text line by line. Lines it does not understand are reported in
 * `problems` and skipped: the rest still counts. Follows the text format of Go's
 * `runtime/debug.BuildInfo.String` (tab-separated columns; quoted build keys and values).
 */
export function parseModInfo(text: string): { info: GoBuildInfo; problems: string[] } {
  const info: GoBuildInfo = { deps: [], settings: [] };
  const problems: string[] = [];
  let last: GoModule | undefined;
  for (const [index, line] of text.split("\n").entries()) {
    if (line === "") continue;
    const tab = line.indexOf("\t");
    const word = tab === -1 ? line : line.slice(0, tab);
    const rest = tab === -1 ? "" : line.slice(tab + 1);
    const fail = (why: string): void => {
      if (problems.length < 20) problems.push(`line ${index + 1}: ${why}`);
      last = undefined;
    };
    switch (word) {
      case "go":
        break; // only in String() output; the binary stores the version separately
      case "path":
        info.path = rest;
        last = undefined;
        break;
      case "mod":
      case "dep": {
        const mod = readModule(rest, false);
        if (mod === undefined) {
          fail(`malformed ${word} line`);
          break;
        }
        if (word === "mod") info.main = mod;
        else info.deps.push(mod);
        last = mod;
        break;
      }
      case "=>": {
        const mod = readModule(rest, true);
        if (mod === undefined || last === undefined || last.replace !== undefined) {
          fail("replacement without a module line before it");
          break;
        }
        last.replace = mod;
        last = undefined;
        break;
      }
      case "build": {
        const setting = readSetting(rest);
        if (setting === undefined) fail("malformed build line");
        else info.settings.push(setting);
        last = undefined;
        break;
      }
      default:
        fail(`unknown line kind ${JSON.stringify(word.slice(0, 40))}`);
    }
  }
  return { info, problems };
}

function readModule(rest: string, replacement: boolean): GoModule | undefined {
  const cols = rest.split("\t");
  // The writer ends a line with a tab when the sum is empty: drop one empty trailing column.
  if (cols.length > 1 && cols[cols.length - 1] === "") cols.pop();
  const [path, version = "", sum] = cols;
  if (!path || cols.length > 3) return undefined;
  // A directory replacement has no version; a required module always has one.
  if (version === "" && !replacement) return undefined;
  return sum ? { path, version, sum } : { path, version };
}

function readSetting(rest: string): { key: string; value: string } | undefined {
  let key: string;
  let after: string;
  if (rest.startsWith('"')) {
    const end = endOfQuoted(rest);
    if (end === undefined) return undefined;
    key = unquoteGo(rest.slice(0, end));
    after = rest.slice(end);
  } else {
    const eq = rest.indexOf("=");
    if (eq === -1) return undefined;
    key = rest.slice(0, eq);
    after = rest.slice(eq);
  }
  if (!after.startsWith("=") || key === "") return undefined;
  const raw = after.slice(1);
  return { key, value: raw.startsWith('"') ? unquoteGo(raw) : raw };
}

/** Index just past the closing quote of a Go double-quoted string at the start of `s`. */
function endOfQuoted(s: string): number | undefined {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === "\\") i++;
    else if (s[i] === '"') return i + 1;
  }
  return undefined;
}

const simpleEscapes: Record<string, string> = {
  a: "\x07",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  '"': '"',
  "'": "'",
};

/** Undoes Go's `strconv.Quote`; returns the input unchanged when it is not a quoted string. */
export function unquoteGo(quoted: string): string {
  if (quoted.length < 2 || !quoted.startsWith('"') || !quoted.endsWith('"')) return quoted;
  const body = quoted.slice(1, -1);
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|.)/g, (_m, e: string) => {
    if (e.length === 1) return simpleEscapes[e] ?? e;
    if (/^[0-7]{3}$/.test(e)) return String.fromCharCode(Number.parseInt(e, 8));
    const code = Number.parseInt(e.slice(1), 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
  });
}
