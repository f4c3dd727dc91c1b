import { existsSync, readFileSync, writeFileSync } from "node:fs";

export const beginMarker =
  "<!-- bench:results:begin (written by `npm run bench`; edit outside the markers) -->";
export const endMarker = "<!-- bench:results:end -->";

/**
 * Replaces the text between the markers of a markdown file with `section`, keeping the rest
 * of the page. A page without markers gets them appended.
 */
export function rewriteResultsSection(file: string, section: string): void {
  const page = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n";
  const begin = page.indexOf(beginMarker);
  const end = page.indexOf(endMarker);
  const block = `${beginMarker}\n\n${section.trimEnd()}\n\n${endMarker}`;
  const next =
    begin >= 0 && end > begin
      ? page.slice(0, begin) + block + page.slice(end + endMarker.length)
      : `${page.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
