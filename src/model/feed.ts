import type { Advisory, EpssScore, KevEntry } from "./advisory.js";
import type { Diagnostic } from "./diagnostic.js";

/**
 * Raw feed input as fetched or found, kept as-is with provenance; parsed separately.
 * `files` are local absolute paths (a downloaded copy in the cache, or the user's files for
 * `db import`).
 */
export interface FeedSnapshot {
  /** Provider id the snapshot feeds (`osv:Go`, `debian-oval:bookworm`, `kev`). */
  provider: string;
  /** Where it came from: URL or absolute path of the input. */
  source: string;
  files: string[];
  fetchedAt: string;
  /** sha256 over the input bytes (file order as in `files`), `sha256:<hex>`. */
  digest: string;
}

/** One item a feed parser yields. */
export type FeedRecord =
  | { kind: "advisory"; advisory: Advisory }
  | { kind: "kev"; entry: KevEntry }
  | { kind: "epss"; score: EpssScore }
  | { kind: "diagnostic"; diagnostic: Diagnostic };

/** A feed found on disk by an importer's detector: which provider it feeds, from which files. */
export interface DetectedFeed {
  importer: string;
  provider: string;
  files: string[];
}

/**
 * An importer turns one feed format into normalised records. `name` is the importer id
 * (`osv`, `alpine-secdb`, `debian-oval`, ...); each detected input becomes one provider row
 * (`osv:Go`). `parse` streams: a large feed never sits in memory whole. A malformed record
 * yields a diagnostic and parsing goes on; an unreadable input throws
 * DrydockError DRYDOCK_FEED_UNREADABLE naming it.
 */
export interface Importer {
  name: string;
  /** Bumped when the parse output changes; stored with the provider row. */
  version: string;
  description: string;
  /**
   * Upstream locations for `db update`: each maps a URL to the path under a mirror folder laid
   * out as shared/vulndata is (`osv/Go/all.zip`).
   */
  upstream: { provider: string; url: string; mirrorPath: string }[];
  /**
   * Given one file (absolute path) and its path relative to the folder being imported, says
   * whether this importer reads it and for which provider. Cheap: name patterns and at most
   * a peek at the first bytes.
   */
  detect(file: string, relativePath: string): Promise<DetectedFeed | undefined>;
  /**
   * Number of input records as the feed counts them (OSV documents, secdb package entries,
   * OVAL definitions, KEV entries, EPSS rows) is reported by the parser through `count`.
   */
  parse(snapshot: FeedSnapshot, count: (n?: number) => void): AsyncIterable<FeedRecord>;
}
