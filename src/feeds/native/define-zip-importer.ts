import type { Advisory } from "../../model/advisory.js";
import { diagnostic } from "../../model/diagnostic.js";
import type { FeedRecord, FeedSnapshot, Importer } from "../../model/feed.js";
import { readZipEntries } from "../shared/zip-entries.js";
import { mergeAdvisories } from "./merge-advisories.js";
import { sniffFeed } from "./sniff-feed.js";

/** What one zipped per-file advisory feed (rubysec, FriendsOfPHP, Node.js security-wg) contributes. */
export interface ZipImporterSpec {
  name: string;
  version: string;
  description: string;
  upstream: Importer["upstream"];
  /** The provider a zip feeds, from its path relative to the import root; undefined: not this feed. */
  providerFor(relativePath: string): string | undefined;
  /** Whether an entry is one advisory record (counted) of this feed. */
  isRecord(entryName: string): boolean;
  /**
   * Reads one record into advisories (usually one).
   * @throws Error with a one-line reason when the record is malformed; it becomes a diagnostic.
   */
  parseRecord(entryName: string, text: string, provider: string): Advisory[];
}

/**
 * Builds an {@link Importer} for a zip of small advisory files, read entry by entry with
 * yauzl (never unpacked); an entry that cannot be read or parsed becomes a diagnostic. These feeds are small (a few MB) and key several files by the same id (one file per
 * gem and CVE), so records are merged by id before they are yielded: each id arrives once.
 */
export function defineZipImporter(spec: ZipImporterSpec): Importer {
  return {
    name: spec.name,
    version: spec.version,
    description: spec.description,
    upstream: spec.upstream,
    async detect(file, relativePath) {
      const provider = spec.providerFor(relativePath);
      if (provider === undefined || !(await sniffFeed(file, 4)).zip) return undefined;
      return { importer: spec.name, provider, files: [file] };
    },
    parse(snapshot, count) {
      return parseZips(spec, snapshot, count);
    },
  };
}

async function* parseZips(
  spec: ZipImporterSpec,
  snapshot: FeedSnapshot,
  count: (n?: number) => void,
): AsyncGenerator<FeedRecord> {
  const byId = new Map<string, Advisory>();
  for (const file of snapshot.files) {
    for await (const entry of readZipEntries(file)) {
      if (entry.isDirectory || !spec.isRecord(entry.name)) continue;
      count();
      let advisories: Advisory[];
      try {
        advisories = spec.parseRecord(entry.name, await entry.text(), snapshot.provider);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        yield {
          kind: "diagnostic",
          diagnostic: diagnostic("malformed-record", `${entry.name}: ${why.split("\n")[0]}`, {
            file: entry.name,
            source: spec.name,
          }),
        };
        continue;
      }
      for (const advisory of advisories) {
        const seen = byId.get(advisory.id);
        byId.set(advisory.id, seen === undefined ? advisory : mergeAdvisories(seen, advisory));
      }
    }
  }
  for (const advisory of byId.values()) yield { kind: "advisory", advisory };
}
