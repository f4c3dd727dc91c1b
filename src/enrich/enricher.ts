import type { AdvisoryReader } from "../db/reader.js";
import type { Diagnostic, Finding } from "../model/index.js";

/** What every enricher may read. */
export interface EnrichContext {
  reader: AdvisoryReader;
}

/**
 * One enrichment step over a scan's findings: it may add data to findings (ratings,
 * scores, flags) or drop findings the data disproves (a CVE NVD rejected), and report
 * what it did as diagnostics. Steps run in registry order.
 */
export type Enricher = (
  findings: Finding[],
  ctx: EnrichContext,
) => Promise<{ findings: Finding[]; diagnostics: Diagnostic[] }>;

/** The CVE ids a finding stands for: its id when it is one, and its CVE aliases. */
export function cveIdsOf(finding: Finding): string[] {
  const { id, aliases } = finding.vulnerability;
  const out: string[] = [];
  if (cve.test(id)) out.push(id.toUpperCase());
  for (const alias of aliases) if (cve.test(alias)) out.push(alias.toUpperCase());
  return out;
}

const cve = /^CVE-\d{4}-\d+$/i;
