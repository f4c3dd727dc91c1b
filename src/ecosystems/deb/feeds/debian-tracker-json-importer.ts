import { readFeedText } from "../../../feeds/native/read-feed-text.js";
import { sniffFeed } from "../../../feeds/native/sniff-feed.js";
import { feedUnreadable } from "../../../feeds/shared/feed-errors.js";
import type { FeedRecord, Importer } from "../../../model/feed.js";
import { readTrackerPackage } from "./parse-debian-tracker-json.js";
import { JsonDocumentError, streamJsonMembers } from "./stream-json-members.js";

const fileName = /(?:^|\/)(?:debian-tracker\/json|debian-tracker[^/]*\.json)(?:\.gz|\.bz2)?$/;
const firstMember = /^\uFEFF?\s*\{\s*"[^"]+"\s*:\s*\{\s*("(?:CVE|TEMP|DSA|DLA)-|\})/;

/**
 * The Debian security tracker JSON (`https://security-tracker.debian.org/tracker/data/json`,
 * ~70 MB: `{package: {CVE: {releases: {codename: {status, fixed_version, urgency, ...}}}}}`),
 * provider `debian-tracker-json`. Streamed one source package at a time; each (package, CVE)
 * becomes an advisory keyed by the CVE with one affected entry per release (see
 * parse-debian-tracker-json.ts for the status reading). A CVE that touches several source
 * packages therefore arrives as several records with the same id.
 */
export const debianTrackerJsonImporter: Importer = {
  name: "debian-tracker-json",
  version: "1",
  description: "Debian security tracker JSON (per source package, CVE and release)",
  upstream: [
    {
      provider: "debian-tracker-json",
      url: "https://security-tracker.debian.org/tracker/data/json",
      mirrorPath: "debian-tracker/json",
    },
  ],
  async detect(file, relativePath) {
    if (!fileName.test(relativePath)) return undefined;
    const head = await sniffFeed(file, 4096);
    const json = head.bzip2 || firstMember.test(head.text);
    return json
      ? { importer: "debian-tracker-json", provider: "debian-tracker-json", files: [file] }
      : undefined;
  },
  parse(snapshot, count) {
    return parseTracker(snapshot.files, snapshot.provider, count);
  },
};

async function* parseTracker(
  files: string[],
  provider: string,
  count: (n?: number) => void,
): AsyncGenerator<FeedRecord> {
  for (const file of files) {
    try {
      for await (const member of streamJsonMembers(readFeedText(file))) {
        if ("error" in member) {
          yield {
            kind: "diagnostic",
            diagnostic: {
              code: "malformed-record",
              level: "warning",
              message: `package ${member.key}: not valid JSON: ${member.error}`,
              file,
              source: provider,
            },
          };
          continue;
        }
        for (const item of readTrackerPackage(member.key, member.value, provider, file, () => count())) {
          yield "advisory" in item
            ? { kind: "advisory", advisory: item.advisory }
            : { kind: "diagnostic", diagnostic: item.diagnostic };
        }
      }
    } catch (error) {
      const cause =
        error instanceof JsonDocumentError
          ? new Error(`not the tracker JSON: ${error.message}`, { cause: error })
          : error;
      throw feedUnreadable(file, cause);
    }
  }
}
