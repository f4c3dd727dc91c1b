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
 * year file), looked up by id. CVEs NVD does not hold are absent from the map.
 */
export async function lookupNvd(
  reader: AdvisoryReader,
  cves: readonly string[],
): Promise<Map<string, NvdRecord>> {
  const out = new Map<string, NvdRecord>();
  for (const cve of new Set(cves)) {
    const records = (await reader.byId(cve))
      .map((d) => d.advisory)
      .filter((a) => isNvdProvider(a.provider) && a.id.toUpperCase() === cve.toUpperCase())
      .sort((a, b) => (b.modified ?? "").localeCompare(a.modified ?? ""));
    const newest = records[0];
    if (!newest) continue;
    out.set(
      cve.toUpperCase(),
      newest.withdrawn ? { advisory: newest, rejected: newest.withdrawn } : { advisory: newest },
    );
  }
  return out;
}
