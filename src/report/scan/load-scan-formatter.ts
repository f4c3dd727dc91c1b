import type { ScanResult } from "../../model/index.js";
import type { ScanFormat } from "../format-names.js";
import type { ScanFormatOptions } from "./index.js";

/** Renders a scan result in one format. */
export type ScanFormatter = (result: ScanResult, opts: ScanFormatOptions) => string;

/**
 * The scan formatters of `scanFormatters` (./index.ts), each behind a loader: a run loads only
 * the code (and libraries: cli-table3, the CycloneDX models) of the format it writes. Each
 * entry renders exactly what the registry's entry renders (a test holds them together).
 */
export const scanFormatterLoaders = {
  table: async () => {
    const { formatScanTable } = await import("./scan-table.js");
    return (result, opts) => formatScanTable(result, opts);
  },
  json: async () => {
    const { toScanJson } = await import("./scan-document.js");
    return (result) => `${JSON.stringify(toScanJson(result), null, 2)}\n`;
  },
  sarif: async () => {
    const { formatSarif } = await import("./sarif.js");
    return (result) => formatSarif(result);
  },
  "cyclonedx-json": async () => {
    const { formatCycloneDxVex } = await import("./cyclonedx-vex.js");
    return (result) => formatCycloneDxVex(result);
  },
  html: async () => {
    const { formatHtml } = await import("./html.js");
    return (result, opts) => formatHtml(result, opts.showSuppressed ? { showSuppressed: true } : {});
  },
  junit: async () => {
    const { formatJunit } = await import("./junit.js");
    return (result, opts) => formatJunit(result, opts.failOn ? { failOn: opts.failOn } : {});
  },
} satisfies Record<ScanFormat, () => Promise<ScanFormatter>>;

/** Loads the formatter of one scan format. */
export function loadScanFormatter(format: ScanFormat): Promise<ScanFormatter> {
  return scanFormatterLoaders[format]();
}
