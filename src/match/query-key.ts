import type { AdvisoryQuery } from "../db/reader.js";

/** The store key of a query (what `find` looks up), for de-duplicating and grouping answers. */
export function queryKey(q: Pick<AdvisoryQuery, "ecosystem" | "distro" | "name">): string {
  return `${q.ecosystem}\u0000${q.distro ?? ""}\u0000${q.name}`;
}
