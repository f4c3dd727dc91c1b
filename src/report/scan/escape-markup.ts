/**
 * Escapes text for XML and HTML content and attribute values (`& < > " '`), and drops the
 * characters XML 1.0 cannot carry at all (C0 controls other than tab, newline and carriage
 * return, lone surrogates, U+FFFE/U+FFFF), so hostile package metadata cannot break out of
 * or corrupt the document.
 */
export function escapeMarkup(text: string): string {
  return text
    .replace(
      /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
      "",
    )
    .replace(/[&<>"']/g, (c) => entities[c]!);
}

const entities: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
