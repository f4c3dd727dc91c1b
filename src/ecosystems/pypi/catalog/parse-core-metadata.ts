/**
 * The header block of a Python core metadata file (`METADATA`, `PKG-INFO`): RFC 822 style
 * `Name: value` lines up to the first blank line, continuation lines folded in. Keys are
 * lower-cased; repeated keys (`Classifier`) keep every value in order.
 * https://packaging.python.org/en/latest/specifications/core-metadata/
 */
export interface CoreMetadata {
  headers: Map<string, string[]>;
  /** Lines of the header block that were neither a header nor a continuation. */
  malformedLines: number;
}

/** Headers read past this many lines are ignored (real files have well under 200). */
const maxHeaderLines = 10_000;

export function parseCoreMetadata(text: string): CoreMetadata {
  const headers = new Map<string, string[]>();
  let malformedLines = 0;
  let last: { values: string[]; index: number } | undefined;
  let lineStart = 0;
  for (let count = 0; count < maxHeaderLines && lineStart < text.length; count++) {
    let lineEnd = text.indexOf("\n", lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, "");
    lineStart = lineEnd + 1;
    if (line.trim() === "") break; // the body (long description) follows
    if (/^[ \t]/.test(line)) {
      if (last) last.values[last.index] += `\n${line.trim()}`;
      else malformedLines++;
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0 || !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(line.slice(0, colon))) {
      malformedLines++;
      last = undefined;
      continue;
    }
    const key = line.slice(0, colon).toLowerCase();
    const values = headers.get(key) ?? [];
    values.push(line.slice(colon + 1).trim());
    headers.set(key, values);
    last = { values, index: values.length - 1 };
  }
  return { headers, malformedLines };
}

/** The first value of a header, if present and non-empty. */
export function readHeader(meta: CoreMetadata, key: string): string | undefined {
  const value = meta.headers.get(key)?.[0]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/**
 * Declared licenses, most precise first: `License-Expression` (metadata 2.4, SPDX); else a
 * short one-line `License` field (many projects paste the whole license text there, which
 * is not a license name); else the `License ::` trove classifiers' last segments.
 */
export function readPythonLicenses(meta: CoreMetadata): string[] {
  const expression = readHeader(meta, "license-expression");
  if (expression) return [expression];
  const license = readHeader(meta, "license");
  if (license && !license.includes("\n") && license.length <= 120 && !/^unknown$/i.test(license)) {
    return [license];
  }
  const fromClassifiers = (meta.headers.get("classifier") ?? [])
    .filter((c) => c.startsWith("License ::"))
    .map((c) => c.split("::").at(-1)?.trim() ?? "")
    .filter((c) => c !== "" && c !== "OSI Approved");
  return [...new Set(fromClassifiers)];
}
