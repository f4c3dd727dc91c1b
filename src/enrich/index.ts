import type { Diagnostic, Finding } from "../model/index.js";
import { assignSeverity } from "./assign-severity.js";
import { attachExploitation } from "./attach-exploitation.js";
import { enrichFromNvd } from "./enrich-from-nvd.js";
import type { EnrichContext, Enricher } from "./enricher.js";

/**
 * The enrichers, run in this order: NVD data first (it may drop rejected CVEs and adds
 * ratings), then the severity choice over every rating, then EPSS and KEV.
 */
export const enrichers = {
  nvd: enrichFromNvd,
  severity: assignSeverity,
  exploitation: attachExploitation,
} satisfies Record<string, Enricher>;

export type EnricherId = keyof typeof enrichers;

/** Runs every enricher over the findings. */
export async function enrichFindings(
  findings: Finding[],
  ctx: EnrichContext,
): Promise<{ findings: Finding[]; diagnostics: Diagnostic[] }> {
  let current = findings;
  const diagnostics: Diagnostic[] = [];
  for (const enrich of Object.values(enrichers)) {
    const r = await enrich(current, ctx);
    current = r.findings;
    diagnostics.push(...r.diagnostics);
  }
  return { findings: current, diagnostics };
}

export { chooseSeverity } from "./choose-severity.js";
export { cveIdsOf, type EnrichContext, type Enricher } from "./enricher.js";
export { isNvdProvider, lookupNvd, type NvdRecord } from "./lookup-nvd.js";
