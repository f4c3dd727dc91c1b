/**
 * drydock's public library API: only what this file (and package.json `exports`) exposes is
 * public. Everything else under src/ may change without notice.
 */
export { catalogImage, type CatalogImageOptions } from "./app/catalog-image.js";
export * from "./model/index.js";
export {
  compareVersions,
  isAffected,
  isVersionInRange,
  parseVersion,
  satisfies,
} from "./versioning/index.js";
