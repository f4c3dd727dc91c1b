import { readFile, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { feedUnreadable } from "../../../feeds/shared/feed-errors.js";
import type { FeedRecord, FeedSnapshot } from "../../../model/index.js";
import { diagnostic } from "../../../model/index.js";
import { secdbRecords } from "./secdb-records.js";

const maxFileBytes = 64 * 1024 * 1024;

/**
 * Reads every secdb document of a snapshot, whatever its serialisation (JSON, or the legacy
 * YAML): an unreadable or oversized file is fatal for the feed, a document that does not
 * decode is one diagnostic and the other files go on.
 */
export async function* readSecdbFiles(
  snapshot: FeedSnapshot,
  count: (n?: number) => void,
  format: { source: string; invalidCode: string; decode(text: string): unknown },
): AsyncIterable<FeedRecord> {
  for (const file of snapshot.files) {
    const name = `${basename(dirname(file))}/${basename(file)}`;
    let text: string;
    try {
      if ((await stat(file)).size > maxFileBytes) throw new Error("file too large for a secdb document");
      text = await readFile(file, "utf8");
    } catch (e) {
      throw feedUnreadable(file, e);
    }
    let doc: unknown;
    try {
      doc = format.decode(text);
    } catch (e) {
      yield {
        kind: "diagnostic",
        diagnostic: diagnostic(format.invalidCode, (e as Error).message, {
          file: name,
          source: format.source,
        }),
      };
      continue;
    }
    const d = typeof doc === "object" && doc !== null ? doc : {};
    yield* secdbRecords(d, { provider: snapshot.provider, file: name, source: format.source }, count);
  }
}
