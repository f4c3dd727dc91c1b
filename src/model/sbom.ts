import type { Diagnostic } from "./diagnostic.js";
import type { Digest } from "./digest.js";
import type { Distro } from "./distro.js";
import type { Layer } from "./layer.js";
import type { Package } from "./package.js";

/** Which image a document describes. */
export interface TargetInfo {
  /** The target as the user gave it (`docker-archive:app.tar`). */
  input: string;
  /** Image reference or tag, when known. */
  ref?: string;
  /** Manifest digest. */
  digest?: Digest;
  /** `os/arch[/variant]`. */
  platform?: string;
  configDigest?: Digest;
}

/** One row of the coverage ledger: what a cataloger did on this image. */
export interface LedgerEntry {
  cataloger: string;
  version: string;
  /** Files the cataloger's selector matched (after squashing). */
  filesSeen: number;
  filesParsed: number;
  packagesFound: number;
  skipped: { file: string; reason: string }[];
}

/** Figures about how the image was read (layer cache effect, bytes streamed). */
export interface ReadStats {
  layersTotal: number;
  layersFromCache: number;
  layerBytesRead: number;
  filesBuffered: number;
}

/** The catalog of an image: the seam between index and match, and the cache entry. */
export interface Sbom {
  schemaVersion: string;
  target: TargetInfo;
  distro?: Distro;
  layers: Layer[];
  packages: Package[];
  ledger: LedgerEntry[];
  stats?: ReadStats;
  diagnostics: Diagnostic[];
  /** Tool name and version that produced the catalog. */
  generator: { name: string; version: string };
  created: string;
}
