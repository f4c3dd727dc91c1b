/** One deb822 paragraph: field names lower-cased, continuation lines joined with `\n`. */
export interface Deb822Paragraph {
  fields: Record<string, string>;
  /** 1-based line of the paragraph's first field. */
  line: number;
}

/** Lines the parser could not read: how many, and the first one. */
export interface Deb822Problems {
  badLines: number;
  firstBadLine?: number;
}

/** deb822 field names: printable US-ASCII except `:`, not starting with `#` or `-`. */
const fieldName = /^[!-9;-~][!-9;-~]*$/;

/**
 * Streams the paragraphs of a deb822 control file (dpkg `status`, DEP-5 `copyright`;
 * https://manpages.debian.org/deb822): `Name: value` lines, continuation lines starting
 * with a space or tab, paragraphs separated by blank (or whitespace-only) lines. Each
 * paragraph is handed to `onParagraph` and not kept, so memory stays flat on huge inputs;
 * lines that are not fields are counted. Linear in the input, never throws.
 */
export function parseDeb822(text: string, onParagraph: (p: Deb822Paragraph) => void): Deb822Problems {
  const problems: Deb822Problems = { badLines: 0 };
  let fields: Record<string, string> | undefined;
  let firstLine = 0;
  let last: string | undefined;
  let lineNo = 0;
  let start = 0;
  const flush = (): void => {
    if (fields) onParagraph({ fields, line: firstLine });
    fields = undefined;
    last = undefined;
  };
  const bad = (): void => {
    problems.badLines++;
    problems.firstBadLine ??= lineNo;
  };
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    let line = text.slice(start, end);
    if (line.endsWith("\r")) line = line.slice(0, -1);
    start = end + 1;
    lineNo++;
    if (line.trim() === "") {
      flush();
      continue;
    }
    const first = line.charCodeAt(0);
    if (first === 0x20 || first === 0x09) {
      if (fields && last !== undefined) fields[last] += `\n${line.trim()}`;
      else bad();
      continue;
    }
    const colon = line.indexOf(":");
    const name = colon > 0 ? line.slice(0, colon) : "";
    if (!fieldName.test(name) || name.startsWith("#") || name.startsWith("-")) {
      bad();
      continue;
    }
    if (!fields) {
      // No prototype: a field named `__proto__` in hostile input stays a plain key.
      fields = Object.create(null) as Record<string, string>;
      firstLine = lineNo;
    }
    last = name.toLowerCase();
    fields[last] = line.slice(colon + 1).trim();
  }
  flush();
  return problems;
}
