import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { feedUnreadable } from "./feed-errors.js";

/**
 * sha256 over the bytes of `files`, in the order given: `sha256:<hex>` (the input digest of
 * a FeedSnapshot).
 * @throws DrydockError DRYDOCK_FEED_UNREADABLE naming a file that cannot be read.
 */
export async function digestFiles(files: readonly string[]): Promise<string> {
  const hash = createHash("sha256");
  for (const file of files) {
    try {
      for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
        hash.update(chunk as Buffer);
    } catch (e) {
      throw feedUnreadable(file, e);
    }
  }
  return `sha256:${hash.digest("hex")}`;
}
