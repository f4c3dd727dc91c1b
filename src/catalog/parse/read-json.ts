import { type Diagnostic, diagnostic } from "../../model/index.js";
import type { CatalogFile } from "../cataloger.js";

/** The outcome of reading one selected file as JSON: a value, or the diagnostic saying why not. */
export type JsonRead =
  | { ok: true; value: unknown; diagnostics: Diagnostic[] }
  | { ok: false; diagnostic: Diagnostic };

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });
const lenientUtf8 = new TextDecoder("utf-8");

/**
 * Decodes a selected file as UTF-8 JSON (a leading BOM is tolerated). Never throws: malformed
 * JSON becomes a `parse-error` diagnostic naming the file, invalid UTF-8 an `invalid-utf8`
 * warning (the text is decoded with U+FFFD replacements and still read). V8's JSON.parse is
 * not recursive, so deeply nested input cannot exhaust the stack here; callers walk the
 * value iteratively or to a bounded depth.
 */
export function readJsonFile(file: CatalogFile, source: string): JsonRead {
  const where = { file: file.path, layer: file.layer, source };
  const diagnostics: Diagnostic[] = [];
  let text: string;
  try {
    text = strictUtf8.decode(file.bytes);
  } catch {
    text = lenientUtf8.decode(file.bytes);
    diagnostics.push(
      diagnostic("invalid-utf8", `${file.path}: not valid UTF-8, read with replacements`, where),
    );
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return { ok: true, value: JSON.parse(text) as unknown, diagnostics };
  } catch (error) {
    const cause = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      diagnostic: diagnostic("parse-error", `${file.path}: not valid JSON: ${cause.slice(0, 160)}`, where),
    };
  }
}

/** The value as a plain object, or undefined (arrays and null are not records). */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The value when it is a non-empty string (trimmed), else undefined. */
export function asText(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const trimmed = value.trim();
  return trimmed === "" ? undefined : trimmed;
}
