/**
 * Parses an os-release style file (`KEY=value` lines, shell-like quoting; os-release(5)),
 * also used for `/etc/lsb-release`. Comments and lines that are not assignments are
 * ignored; the last assignment of a key wins. Pure and linear in the input.
 */
export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawLine of text.split("\n")) {
    const line = rawLine.trim();
    if (!line || line.startsWith("#")) continue;
    const eq = line.indexOf("=");
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim();
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    out[key] = unquote(line.slice(eq + 1).trim());
  }
  return out;
}

/** Removes one level of single or double quotes; inside double quotes `\` escapes `$ " \ \``. */
function unquote(value: string): string {
  const q = value[0];
  if ((q !== '"' && q !== "'") || value.length < 2) return value;
  const end = value.lastIndexOf(q);
  const inner = end > 0 ? value.slice(1, end) : value.slice(1);
  return q === '"' ? inner.replace(/\\([$"\\`])/g, "$1") : inner;
}
