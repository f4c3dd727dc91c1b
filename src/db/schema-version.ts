/**
 * Database schema versions follow SchemaVer, `MODEL.REVISION.ADDITION` (as grype's DB does):
 * MODEL changes break every reader, REVISION may break some, ADDITION only adds.
 * A reader accepts any database of its own MODEL; a writer only writes versions it knows.
 */
export interface SchemaVersion {
  model: number;
  revision: number;
  addition: number;
}

/** Parses `1.0.0`; undefined when the string is not a SchemaVer triple. */
export function parseSchemaVersion(raw: string): SchemaVersion | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(raw.trim());
  if (!m) return undefined;
  return { model: Number(m[1]), revision: Number(m[2]), addition: Number(m[3]) };
}

export function formatSchemaVersion(v: SchemaVersion): string {
  return `${v.model}.${v.revision}.${v.addition}`;
}

export function compareSchemaVersions(a: SchemaVersion, b: SchemaVersion): -1 | 0 | 1 {
  const d = a.model - b.model || a.revision - b.revision || a.addition - b.addition;
  return d < 0 ? -1 : d > 0 ? 1 : 0;
}
