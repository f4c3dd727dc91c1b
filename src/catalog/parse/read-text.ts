import type { Diagnostic } from "../../model/index.js";
import type { CatalogFile } from "../cataloger.js";
import { fileDiagnostic } from "./file-diagnostic.js";

/** The outcome of reading one selected file as text: the text, or why it is not text. */
export type TextRead = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/**
 * Decodes a selected text file (a lockfile, a gemspec, a requirements file) as UTF-8. A NUL
 * byte means it is not text at all (a binary that merely has the file's name): a
 * `binary-content` diagnostic naming the file, never a parse of garbage.
 */
export function readTextFile(file: CatalogFile, source: string): TextRead {
  const text = file.bytes.toString("utf8");
  if (!text.includes("\u0000")) return { ok: true, text };
  return { ok: false, diagnostic: fileDiagnostic(source, file, "binary-content", "binary content") };
}
