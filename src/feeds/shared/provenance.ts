import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { FetchedFile } from "./fetch-feed-file.js";

/** What `db update` keeps beside a provider's raw files: `<cache>/feeds/<provider>/provenance.json`. */
export interface FeedProvenance {
  provider: string;
  importer: string;
  files: FetchedFile[];
}

export function provenancePath(providerDir: string): string {
  return join(providerDir, "provenance.json");
}

/** The previous provenance, or undefined when there is none or it does not parse. */
export async function readProvenance(providerDir: string): Promise<FeedProvenance | undefined> {
  try {
    const v = JSON.parse(await readFile(provenancePath(providerDir), "utf8")) as FeedProvenance;
    return Array.isArray(v?.files) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the provenance atomically (temp file, then rename). */
export async function writeProvenance(providerDir: string, p: FeedProvenance): Promise<void> {
  await mkdir(providerDir, { recursive: true });
  const file = provenancePath(providerDir);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(p, null, 2)}\n`);
  await rename(tmp, file);
}
