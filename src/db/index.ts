/** The advisory store: schema, reader contract and its SQLite implementation, atomic builds. */
export {
  type BuildOptions,
  buildInterrupted,
  DatabaseBuild,
  type ImportHooks,
} from "./build/database-build.js";
export { normalisePackageName } from "./normalise-name.js";
export type {
  AdvisoryDetail,
  AdvisoryHit,
  AdvisoryQuery,
  AdvisoryReader,
  DbMetadata,
  FindOptions,
  ProviderInfo,
} from "./reader.js";
export {
  compareSchemaVersions,
  formatSchemaVersion,
  parseSchemaVersion,
  type SchemaVersion,
} from "./schema-version.js";
export type { ProviderCounts, ProviderProvenance } from "./sqlite/advisory-writer.js";
export { buildDbHint } from "./sqlite/open-database.js";
export { currentSchemaVersion, type Migration, migrations } from "./sqlite/schema.js";
export { openAdvisoryReader, SqliteAdvisoryReader } from "./sqlite/sqlite-reader.js";
