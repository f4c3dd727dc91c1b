import { type Diagnostic, diagnostic } from "../../model/index.js";
import type { CatalogFile } from "../cataloger.js";

/** A cataloger's diagnostic about one file: `<path>: <message>`, located at the file and its layer. */
export function fileDiagnostic(
  source: string,
  file: CatalogFile,
  code: string,
  message: string,
  level: Diagnostic["level"] = "warning",
): Diagnostic {
  return diagnostic(code, `${file.path}: ${message}`, { file: file.path, layer: file.layer, source, level });
}
