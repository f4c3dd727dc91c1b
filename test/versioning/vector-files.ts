import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The conformance vectors beside the repository (shared/vectors/version), if present. */
export const versionVectorsDir = fileURLToPath(new URL("../../../shared/vectors/version/", import.meta.url));

export function hasVersionVectors(): boolean {
  return existsSync(versionVectorsDir);
}

/** Every `.jsonl` file under the vectors folder, as paths relative to it (`osv-scalibr/x.jsonl`). */
export function listVectorFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".jsonl")) out.push(relative(versionVectorsDir, full));
    }
  };
  walk(versionVectorsDir);
  return out.sort();
}

/** The JSON objects of one vector file, one per non-empty line. */
export function readVectorLines(file: string): Record<string, unknown>[] {
  return readFileSync(join(versionVectorsDir, file), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
