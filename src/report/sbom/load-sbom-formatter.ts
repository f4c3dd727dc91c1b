import type { Sbom } from "../../model/index.js";
import type { SbomFormat } from "../format-names.js";

/** Renders an SBOM in one format. */
export type SbomFormatter = (sbom: Sbom, opts: { color?: boolean }) => string;

/**
 * The SBOM formatters of {@link sbomFormatters}, each behind a loader: a run loads only the
 * code (and library: cli-table3, the CycloneDX models and serializer) of the format it writes.
 */
export const sbomFormatterLoaders = {
  table: async () => (await import("./sbom-table.js")).formatSbomTable,
  json: async () => (await import("./sbom-document.js")).formatSbomJson,
  "cyclonedx-json": async () => (await import("./cyclonedx-json.js")).formatCycloneDxJson,
  "spdx-json": async () => (await import("./spdx-json.js")).formatSpdxJson,
} satisfies Record<SbomFormat, () => Promise<SbomFormatter>>;

/** Loads the formatter of one SBOM format. */
export function loadSbomFormatter(format: SbomFormat): Promise<SbomFormatter> {
  return sbomFormatterLoaders[format]();
}
