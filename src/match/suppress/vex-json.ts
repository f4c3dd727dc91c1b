/** Throws the loader's DrydockError with a message about the file being read. */
export type Fail = (why: string) => never;

/** The value as an object, or `fail` naming `where`. */
export function asRecord(v: unknown, where: string, fail: Fail): Record<string, unknown> {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  return fail(`${where} must be an object`);
}

/** A non-empty trimmed string, undefined when absent; `fail` when present but not a string. */
export function optionalText(v: unknown, where: string, fail: Fail): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") return fail(`${where} must be a string`);
  return v.trim() || undefined;
}
