/**
 * A problem that did not stop the run: a file skipped, a record that did not parse, a
 * version that could not be read. Per-file problems are data, tied to their file.
 */
export interface Diagnostic {
  /** Stable kebab-case code, e.g. `file-too-large`, `parse-error`, `unsupported-version`. */
  code: string;
  level: "info" | "warning" | "error";
  message: string;
  /** Path inside the image (or feed entry name) the problem is about. */
  file?: string;
  /** diffId of the layer the file came from. */
  layer?: string;
  /** Which cataloger, importer or matcher reported it. */
  source?: string;
}

export function diagnostic(
  code: string,
  message: string,
  where: Omit<Diagnostic, "code" | "message" | "level"> & { level?: Diagnostic["level"] } = {},
): Diagnostic {
  const { level = "warning", ...rest } = where;
  return { code, level, message, ...rest };
}
