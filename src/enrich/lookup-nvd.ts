import type { AdvisoryReader } from "../db/reader.js";
import type { Advisory } from "../model/index.js";

/** What NVD says about one CVE. */
export interface NvdRecord {
  advisory: Advisory;
  /** Set when NVD rejected the CVE. */
  rejected?: string;
}

/** NVD providers are imported as `nvd:<year|modified>`; their advisories carry that provider. */
export function isNvdProvider(provider: string): boolean {
  return provider === "nvd" || provider.startsWith("nvd:");
}

/**
 * NVD's record for each CVE id (the newest when several NVD files hold it: `modified` over a
 * year file), looked up for all ids at once by id only, without the parts enrichment never
 * reads (references, CPE configurations). CVEs NVD does not hold are absent from the map.
 */
export async function lookupNvd(
  reader: AdvisoryReader,
  cves: readonly string[],
): Promise<Map<string, NvdRecord>> {
  const out = new Map<string, NvdRecord>();
  const ids = [...new Set(cves.map((c) => c.toUpperCase()))];
  if (ids.length === 0) return out;
  const newest = new Map<string, Advisory>();
  const records = await reader.byIds(ids, {
    providers: ["nvd"],
    aliases: false,
    omit: ["affected", "references", "cpeConfigurations"],
  });
  for (const a of records) {
    if (!isNvdProvider(a.provider)) continue;
    const cve = a.id.toUpperCase();
    const have = newest.get(cve);
    // Newest first by `modified`; on a tie the first in (id, provider) order stays, as a stable sort keeps it.
    if (have === undefined || (a.modified ?? "") > (have.modified ?? "")) newest.set(cve, a);
  }
  for (const cve of ids) {
    const a = newest.get(cve);
    if (a) out.set(cve, a.withdrawn ? { advisory: a, rejected: a.withdrawn } : { advisory: a });
  }
  return out;
}
