import parseSpdx from "spdx-expression-parse";

/** True when the string is a valid SPDX license expression (a single id counts). */
export function isSpdxExpression(value: string): boolean {
  try {
    parseSpdx(value);
    return true;
  } catch {
    return false;
  }
}

/** True when the string is exactly one SPDX license id (no operators). */
export function isSpdxId(value: string): boolean {
  try {
    const ast = parseSpdx(value) as { license?: string; plus?: boolean; exception?: string };
    return (
      typeof ast.license === "string" && !ast.plus && !ast.exception && !ast.license.startsWith("LicenseRef-")
    );
  } catch {
    return false;
  }
}
