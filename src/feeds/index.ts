/**
 * Feed formats shared by ecosystems (no ecosystem knowledge here): the OSV, NVD, KEV and
 * EPSS importers and the helpers native-feed importers build on. The importer registry
 * lives in src/app/importers.ts (app may import ecosystems; feeds may not).
 */

export { epssImporter } from "./epss/epss-importer.js";
export { type EpssLine, parseEpssLine } from "./epss/parse-epss-line.js";
export { toKevEntry } from "./kev/kev-entry.js";
export { kevImporter } from "./kev/kev-importer.js";
export { nvdImporter, nvdProviderOf } from "./nvd/nvd-importer.js";
export { parseNvdItem } from "./nvd/parse-nvd-item.js";
export { type EcosystemKey, mapOsvEcosystem } from "./osv/osv-ecosystem.js";
export { osvImporter, osvUpstreamEcosystems } from "./osv/osv-importer.js";
export { type OsvParseResult, parseOsvRecord } from "./osv/parse-osv-record.js";
export { readCsvRows } from "./shared/csv-rows.js";
export { rateCvss, severityForScore } from "./shared/cvss-rating.js";
export { type Detection, describeSource, detectFeeds, type FeedGroup } from "./shared/detect-feeds.js";
export { digestFiles } from "./shared/digest-files.js";
export { feedUnreadable } from "./shared/feed-errors.js";
export {
  type FetchedFile,
  type FetchOptions,
  feedDispatcher,
  fetchFeedFile,
} from "./shared/fetch-feed-file.js";
export { streamJsonArrayItems } from "./shared/json-array-items.js";
export { isGzip, openInputStream, openInputText } from "./shared/open-input.js";
export { firstLine, peekText } from "./shared/peek-file.js";
export { type FeedProvenance, provenancePath, readProvenance, writeProvenance } from "./shared/provenance.js";
export { readLines } from "./shared/read-lines.js";
export { type InputFile, walkInputFiles } from "./shared/walk-files.js";
export { listZipEntryNames, readZipEntries, type ZipEntryHandle } from "./shared/zip-entries.js";
