import { DrydockError } from "../../model/index.js";

/** The error for an input that cannot be read at all (missing, bad zip, truncated gzip). */
export function feedUnreadable(what: string, cause: unknown): DrydockError {
  if (cause instanceof DrydockError) return cause;
  const why = cause instanceof Error ? cause.message : String(cause);
  return new DrydockError("DRYDOCK_FEED_UNREADABLE", `feed ${what}: cannot be read: ${why}`, { cause });
}
