import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { sniffFeed } from "../../../feeds/native/sniff-feed.js";
import { feedUnreadable } from "../../../feeds/shared/feed-errors.js";
import type { FeedRecord, Importer } from "../../../model/feed.js";
import { parseDebianAdvisoryList } from "./parse-debian-advisory-list.js";

const listPath = /(?:^|\/)(DSA|DLA|DTSA)\/list$/;
const firstHeader = /^\[[^\]\n]+\]\s+(?:DSA|DLA|DTSA)-\d+/m;

/**
 * Debian security tracker advisory lists: `data/DSA/list` (provider `debian-dsa`),
 * `data/DLA/list` (`debian-dla`, LTS) and `data/DTSA/list` (`debian-dtsa`, testing). One
 * advisory per DSA/DLA/DTSA with its CVEs as aliases and one affected source package per
 * release line (`[bookworm]` → `debian:12`, `sid` → `debian:unstable`).
 */
export const debianAdvisoryListsImporter: Importer = {
  name: "debian-advisory-lists",
  version: "1",
  description: "Debian security tracker DSA/DLA/DTSA advisory lists",
  upstream: ["DSA", "DLA", "DTSA"].map((kind) => ({
    provider: `debian-${kind.toLowerCase()}`,
    url: `https://salsa.debian.org/security-tracker-team/security-tracker/-/raw/master/data/${kind}/list`,
    mirrorPath: `debian-tracker/data/${kind}/list`,
  })),
  async detect(file, relativePath) {
    const kind = relativePath.match(listPath)?.[1];
    if (kind === undefined) return undefined;
    if (!firstHeader.test((await sniffFeed(file, 1024)).text)) return undefined;
    return { importer: "debian-advisory-lists", provider: `debian-${kind.toLowerCase()}`, files: [file] };
  },
  parse(snapshot, count) {
    return parseLists(snapshot.files, snapshot.provider, count);
  },
};

async function* parseLists(
  files: string[],
  provider: string,
  count: (n?: number) => void,
): AsyncGenerator<FeedRecord> {
  for (const file of files) {
    const stream = createReadStream(file, { encoding: "utf8" });
    const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    try {
      for await (const item of parseDebianAdvisoryList(lines, provider, file, () => count())) {
        yield "advisory" in item
          ? { kind: "advisory", advisory: item.advisory }
          : { kind: "diagnostic", diagnostic: item.diagnostic };
      }
    } catch (error) {
      // The parser itself does not throw: what arrives here is the file failing to read.
      throw feedUnreadable(file, error);
    } finally {
      lines.close();
      stream.destroy();
    }
  }
}
