import { readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/** Name of a private build copy of `dbFile` (same folder, so the final rename is atomic). */
export function buildFileName(dbFile: string): string {
  const rand = Math.random().toString(36).slice(2, 10);
  return join(dirname(dbFile), `.${basename(dbFile)}.build-${process.pid}-${rand}`);
}

/**
 * Removes build copies (and their -wal/-shm/-journal companions) left by killed builds.
 * Only called while holding the build lock, so none of them belongs to a live build.
 */
export function removeStaleBuildFiles(dbFile: string): string[] {
  const prefix = `.${basename(dbFile)}.build-`;
  const dir = dirname(dbFile);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Removes one build copy and its SQLite companion files. */
export function removeBuildFile(file: string): void {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(`${file}${suffix}`, { force: true });
}
