import type { Explanation, ScanResult, Severity } from "../../model/index.js";
import type { ExplainFormat, ScanFormat } from "../format-names.js";
import { formatCycloneDxVex } from "./cyclonedx-vex.js";
import { formatExplanationText } from "./explain-text.js";
import { formatHtml } from "./html.js";
import { formatJunit } from "./junit.js";
import { formatSarif } from "./sarif.js";
import { toScanJson } from "./scan-document.js";
import { formatScanTable } from "./scan-table.js";

/** Options every scan formatter takes. */
export interface ScanFormatOptions {
  /** ANSI colours (table on a terminal). */
  color?: boolean;
  /** List suppressed findings too (`--show-suppressed`); formats that always carry them mark them. */
  showSuppressed?: boolean;
  /** The `--fail-on` threshold, for formats that mark what fails the gate (junit). */
  failOn?: Severity;
}

/**
 * Scan report formats, by the id `--format` takes. Each renders a {@link ScanResult};
 * adding a format adds one entry here.
 */
export const scanFormatters = {
  table: (result: ScanResult, opts: ScanFormatOptions) => formatScanTable(result, opts),
  json: (result: ScanResult) => `${JSON.stringify(toScanJson(result), null, 2)}\n`,
  sarif: (result: ScanResult) => formatSarif(result),
  "cyclonedx-json": (result: ScanResult) => formatCycloneDxVex(result),
  html: (result: ScanResult, opts: ScanFormatOptions) =>
    formatHtml(result, opts.showSuppressed ? { showSuppressed: true } : {}),
  junit: (result: ScanResult, opts: ScanFormatOptions) =>
    formatJunit(result, opts.failOn ? { failOn: opts.failOn } : {}),
} satisfies Record<ScanFormat, (result: ScanResult, opts: ScanFormatOptions) => string>;

/** `drydock explain` output formats. */
export const explainFormatters = {
  text: (e: Explanation, opts: ScanFormatOptions) => formatExplanationText(e, opts),
  json: (e: Explanation) => `${JSON.stringify(e, null, 2)}\n`,
} satisfies Record<ExplainFormat, (e: Explanation, opts: ScanFormatOptions) => string>;

export { type ExplainFormat, isExplainFormat, isScanFormat, type ScanFormat } from "../format-names.js";

export { buildCycloneDxVexBom, formatCycloneDxVex } from "./cyclonedx-vex.js";
export { formatExplanationText } from "./explain-text.js";
export { formatHtml, type HtmlOptions } from "./html.js";
export { formatJunit, type JunitOptions } from "./junit.js";
export {
  type LayerRemediation,
  type PackageRemediation,
  type Remediation,
  summariseRemediation,
} from "./remediation.js";
export { buildSarifLog, formatSarif } from "./sarif.js";
export { type ScanSummary, summariseScan, toScanJson } from "./scan-document.js";
export { formatScanTable } from "./scan-table.js";
