import type { Diagnostic, Digest, Distro, FileSelector, Package, PackageType } from "../model/index.js";

/**
 * A package as a cataloger reports it, before the catalog stage assigns `id`, computes the
 * purl (which needs the distro, known only after all layers are read) and links owners.
 */
export type PackageDraft = Omit<Package, "id" | "purl" | "distro"> & {
  /** purl qualifiers/namespace the ecosystem's purl builder needs (e.g. maven groupId). */
  purlHints?: Record<string, string>;
  /**
   * OS packages only: absolute paths of the files the package installs (dpkg `info/*.list`,
   * apk `F:`/`R:`, rpm file list). The catalog stage uses them to mark language packages
   * owned by an OS package, then drops them from the SBOM.
   */
  ownedFiles?: string[];
};

/** A selected file, buffered, as handed to {@link Cataloger.parse}. */
export interface CatalogFile {
  /** Absolute path inside the image (`/var/lib/dpkg/status`). */
  path: string;
  /** diffId of the layer the bytes come from. */
  layer: Digest;
  size: number;
  mode: number;
  /** Read-only, and valid only while `parse` runs: the memory is reused for later files. */
  bytes: Buffer;
}

/** Limits a parser must respect on hostile input (nested archives, decompression). */
export interface ParseLimits {
  /** Max depth of archives inside archives (jar in jar). */
  maxArchiveDepth: number;
  /** Max total bytes a parser may expand from one file (zip entries, compressed sections). */
  maxExpandedBytes: number;
  /** Max entries a parser may open from one archive. */
  maxArchiveEntries: number;
}

export const defaultParseLimits: ParseLimits = {
  maxArchiveDepth: 5,
  maxExpandedBytes: 512 * 1024 * 1024,
  maxArchiveEntries: 100_000,
};

export interface ParseContext {
  limits: ParseLimits;
}

/**
 * What parsing one file gave. Must be JSON-serialisable: it is stored in the layer cache
 * under (layer diffId, cataloger name + version) and reused without reading the layer.
 * `facts` carries data another file's result needs at assembly (e.g. dpkg `info/*.list`
 * file ownership, which belongs to packages parsed from `status`).
 */
export interface FileParseResult<F = unknown> {
  packages: PackageDraft[];
  diagnostics: Diagnostic[];
  facts?: F;
}

/** A file's parse result tagged with where it came from, as assembly sees it. */
export interface ParsedFile<F = unknown> extends FileParseResult<F> {
  path: string;
  layer: Digest;
}

export interface AssembleContext {
  distro?: Distro;
  /** True when the path exists in the squashed filesystem (after whiteouts). */
  exists(path: string): boolean;
}

/**
 * A cataloger: declares the files it needs, parses each one on its own (pure, cacheable per
 * layer), and optionally assembles the surviving files' results into packages (joins
 * across files: ownership lists, lockfile + manifest).
 */
export interface Cataloger<F = unknown> {
  /** Stable id with role suffix (`dpkg-db-cataloger`); written into SBOMs and cache keys. */
  name: string;
  /** Bump when output changes: part of the layer-cache key. */
  version: string;
  ecosystem: PackageType;
  selects: FileSelector;
  /** Only `dir:` targets (lockfiles, requirements files) when true. */
  directoryOnly?: boolean;
  /** Parse one selected file. Never throws on bad content: report diagnostics instead. */
  parse(file: CatalogFile, ctx: ParseContext): FileParseResult<F> | Promise<FileParseResult<F>>;
  /** Join the results of all surviving files (topmost layer per path). Default: concatenate packages. */
  assemble?(
    files: ParsedFile<F>[],
    ctx: AssembleContext,
  ): { packages: PackageDraft[]; diagnostics: Diagnostic[] };
}
