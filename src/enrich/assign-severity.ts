import { chooseSeverity } from "./choose-severity.js";
import type { Enricher } from "./enricher.js";

/** Sets each finding's severity and its source by {@link chooseSeverity}. */
export const assignSeverity: Enricher = async (findings) => {
  for (const f of findings) {
    const { severity, source } = chooseSeverity(f);
    f.vulnerability.severity = severity;
    if (source) f.vulnerability.severitySource = source;
    else delete f.vulnerability.severitySource;
  }
  return { findings, diagnostics: [] };
};
