import type { Sbom } from "../../model/index.js";
import type { SbomFormat } from "../format-names.js";
import { formatCycloneDxJson } from "./cyclonedx-json.js";
import { formatSbomJson } from "./sbom-document.js";
import { formatSbomTable } from "./sbom-table.js";
import { formatSpdxJson } from "./spdx-json.js";

/**
 * SBOM output formats, by the id `--format` takes. The CLI loads one of them at a time
 * through {@link sbomFormatterLoaders}, which must list the same functions.
 */
export const sbomFormatters = {
  table: (sbom: Sbom, opts: { color?: boolean }) => formatSbomTable(sbom, opts),
  json: (sbom: Sbom) => formatSbomJson(sbom),
  "cyclonedx-json": (sbom: Sbom) => formatCycloneDxJson(sbom),
  "spdx-json": (sbom: Sbom) => formatSpdxJson(sbom),
} satisfies Record<SbomFormat, (sbom: Sbom, opts: { color?: boolean }) => string>;

export { isSbomFormat, type SbomFormat } from "../format-names.js";

export { buildCycloneDxBom, formatCycloneDxJson } from "./cyclonedx-json.js";
export { loadSbomFormatter, type SbomFormatter, sbomFormatterLoaders } from "./load-sbom-formatter.js";
export { sbomProperty } from "./properties.js";
export { formatSbomJson, toSbomJson } from "./sbom-document.js";
export { buildSpdxDocument, formatSpdxJson } from "./spdx-json.js";
