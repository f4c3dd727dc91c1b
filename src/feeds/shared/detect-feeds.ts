import { dirname, sep } from "node:path";
import type { DetectedFeed, Importer } from "../../model/index.js";
import type { InputFile } from "./walk-files.js";

/** The files of one provider found among the inputs, with the importer that reads them. */
export interface FeedGroup {
  importer: string;
  provider: string;
  /** Absolute paths, in walk order. */
  files: string[];
}

export interface Detection {
  groups: FeedGroup[];
  /** Files no importer claimed (READMEs, checksums, schemas, ...). */
  unrecognised: string[];
}

/**
 * Offers every file to every importer's `detect` (in registry order; the first claim wins)
 * and groups the claimed files by provider, so a tree of Alpine secdb files becomes one
 * `alpine-secdb` provider and `osv/Go/all.zip` becomes `osv:Go`.
 */
export async function detectFeeds(
  inputs: readonly InputFile[],
  registry: readonly Importer[],
): Promise<Detection> {
  const groups = new Map<string, FeedGroup>();
  const unrecognised: string[] = [];
  for (const input of inputs) {
    let hit: DetectedFeed | undefined;
    for (const importer of registry) {
      hit = await importer.detect(input.file, input.relativePath);
      if (hit) break;
    }
    if (!hit) {
      unrecognised.push(input.file);
      continue;
    }
    const group = groups.get(hit.provider);
    if (group) group.files.push(...hit.files.filter((f) => !group.files.includes(f)));
    else groups.set(hit.provider, { importer: hit.importer, provider: hit.provider, files: [...hit.files] });
  }
  return { groups: [...groups.values()], unrecognised };
}

/** What a provider's `source` says for a set of local files: the file, or their common folder. */
export function describeSource(files: readonly string[]): string {
  if (files.length === 1) return files[0]!;
  let common = dirname(files[0] ?? "");
  for (const f of files) {
    while (common && !f.startsWith(common.endsWith(sep) ? common : common + sep)) {
      const up = dirname(common);
      if (up === common) break;
      common = up;
    }
  }
  return common;
}
