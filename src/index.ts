/**
 * drydock's public library API: only what this file (and package.json `exports`) exposes is
 * public. Everything else under src/ may change without notice.
 */
export { type CatalogImageOptions, catalogImage } from "./app/catalog-image.js";
export { explainVulnerability } from "./app/explain.js";
export { findingsAtOrAbove, type ScanOptions, scanImage, scanSbom } from "./app/scan.js";
export * from "./model/index.js";
export {
  compareVersions,
  isAffected,
  isVersionInRange,
  parseVersion,
  satisfies,
} from "./versioning/index.js";
