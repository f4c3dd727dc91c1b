import { createHash } from "node:crypto";
import type { Cataloger, ParseLimits } from "./cataloger.js";

/** Layer-cache key schema: bump when the cached layer result's shape changes. */
const cacheFormat = "layer-result/1";

/**
 * The cache key of one layer's results: every cataloger's name and version plus the limits
 * that shaped what was read, so a new cataloger version or a changed limit misses the cache.
 */
export function layerCacheKey(
  catalogers: readonly Cataloger[],
  limits: ParseLimits,
  maxFileSize: number,
): string {
  const ids = catalogers.map((c) => `${c.name}@${c.version}`).sort();
  const material = JSON.stringify({ cacheFormat, ids, limits, maxFileSize });
  return createHash("sha256").update(material).digest("hex").slice(0, 32);
}
