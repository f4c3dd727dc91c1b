import parseSpdx from "spdx-expression-parse";

type SpdxAst = ReturnType<typeof parseSpdx>;

/**
 * Parsed SPDX expressions by their text (`null`: not a valid expression). An SBOM repeats a
 * few dozen distinct license strings over hundreds of packages, and every formatter asks
 * about each one: each distinct string is parsed once (the memo is bounded, for long-lived
 * processes such as the service).
 */
const parsed = new Map<string, SpdxAst | null>();
const maxParsed = 10_000;

function parseOnce(value: string): SpdxAst | null {
  let ast = parsed.get(value);
  if (ast === undefined) {
    try {
      ast = parseSpdx(value);
    } catch {
      ast = null;
    }
    if (parsed.size >= maxParsed) parsed.clear();
    parsed.set(value, ast);
  }
  return ast;
}

/** True when the string is a valid SPDX license expression (a single id counts). */
export function isSpdxExpression(value: string): boolean {
  return parseOnce(value) !== null;
}

/** True when the string is exactly one SPDX license id (no operators). */
export function isSpdxId(value: string): boolean {
  const ast = parseOnce(value) as { license?: string; plus?: boolean; exception?: string } | null;
  return (
    ast !== null &&
    typeof ast.license === "string" &&
    !ast.plus &&
    !ast.exception &&
    !ast.license.startsWith("LicenseRef-")
  );
}
