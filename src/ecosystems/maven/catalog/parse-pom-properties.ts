/**
 * Parses a Java `.properties` file (the format of `META-INF/maven/<g>/<a>/pom.properties`):
 * `#`/`!` comments, `key=value`, `key: value` or `key value`, backslash line continuations and
 * the escapes `\t \n \r \f \uXXXX`. The first occurrence of a key wins.
 */
export function parseProperties(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    let logical = lines[i]!.trimStart();
    if (logical === "" || logical.startsWith("#") || logical.startsWith("!")) continue;
    while (endsWithOddBackslashes(logical) && i + 1 < lines.length) {
      logical = logical.slice(0, -1) + lines[++i]!.trimStart();
    }
    const { key, value } = splitKeyValue(logical);
    if (key !== "" && !out.has(key)) out.set(key, value);
  }
  return out;
}

function endsWithOddBackslashes(s: string): boolean {
  let n = 0;
  for (let i = s.length - 1; i >= 0 && s[i] === "\\"; i--) n++;
  return n % 2 === 1;
}

function splitKeyValue(line: string): { key: string; value: string } {
  let i = 0;
  while (i < line.length && !"=: \t\f".includes(line[i]!)) i += line[i] === "\\" ? 2 : 1;
  const key = line.slice(0, i);
  let j = i;
  while (j < line.length && " \t\f".includes(line[j]!)) j++;
  if (line[j] === "=" || line[j] === ":") j++;
  while (j < line.length && " \t\f".includes(line[j]!)) j++;
  return { key: unescapeProperty(key), value: unescapeProperty(line.slice(j)) };
}

function unescapeProperty(s: string): string {
  return s.replace(/\\(u[0-9a-fA-F]{4}|.?)/g, (_m, e: string) => {
    if (e.startsWith("u") && e.length === 5) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return ({ t: "\t", n: "\n", r: "\r", f: "\f" } as Record<string, string>)[e] ?? e;
  });
}
