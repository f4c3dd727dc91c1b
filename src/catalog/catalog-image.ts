import { availableParallelism } from "node:os";
import { type FilesystemView, squashLayerChanges } from "../fs/layered-view.js";
import type {
  CachedLayerResult,
  Diagnostic,
  Distro,
  Layer,
  LayerCache,
  LedgerEntry,
  Package,
  Sbom,
  TargetInfo,
} from "../model/index.js";
import { diagnostic } from "../model/index.js";
import { layerCacheKey } from "./cache-key.js";
import type { Cataloger, PackageDraft, ParsedFile, ParseLimits } from "./cataloger.js";
import { defaultParseLimits } from "./cataloger.js";
import { finalisePackages } from "./finalise-packages.js";
import type { LayerProvider } from "./layer-provider.js";

/** The schema version of drydock's own SBOM document. */
export const sbomSchemaVersion = "1.0.0";

export interface CatalogOptions {
  target: TargetInfo;
  catalogers: readonly Cataloger[];
  /** Reads os-release and friends: a Cataloger whose parse results `resolveDistro` turns into a Distro. */
  distroDetector: Cataloger;
  resolveDistro(files: ParsedFile[]): Distro | undefined;
  /** Builds a package's purl (the ecosystem's builder) once the distro is known. */
  purl(draft: PackageDraft, distro: Distro | undefined): string;
  /** The advisory key of a distro (`debian:12`), stamped on OS packages. */
  distroKey(distro: Distro): string;
  /** True for `dir:` targets: lockfile catalogers run too. */
  directoryTarget: boolean;
  cache?: LayerCache;
  limits?: Partial<ParseLimits>;
  maxFileSize?: number;
  generator: { name: string; version: string };
  /** Called as layers finish (for a progress bar). */
  onLayerDone?: (layer: Layer, fromCache: boolean) => void;
}

const defaultMaxFileSize = 512 * 1024 * 1024;

/**
 * The catalog stage: reads every layer once (or takes its results from the layer cache),
 * squashes the layers with their whiteouts, keeps only the parse results of files that
 * survive in the final filesystem, lets each cataloger assemble them, and returns the SBOM.
 */
export async function catalogImage(provider: LayerProvider, options: CatalogOptions): Promise<Sbom> {
  const catalogers = [
    options.distroDetector,
    ...options.catalogers.filter((c) => options.directoryTarget || !c.directoryOnly),
  ];
  const limits = { ...defaultParseLimits, ...options.limits };
  const maxFileSize = options.maxFileSize ?? defaultMaxFileSize;
  const key = layerCacheKey(catalogers, limits, maxFileSize);

  let layersFromCache = 0;
  let filesBuffered = 0;
  const results = await mapLimited(
    provider.layers,
    Math.max(1, Math.min(availableParallelism(), 4)),
    largestFirst(provider.layers),
    async (layer) => {
      const cached = options.cache?.get(layer.diffId, key);
      if (cached) {
        layersFromCache++;
        options.onLayerDone?.(layer, true);
        return cached;
      }
      // The layer reader (tar streaming, file matching) loads on the first cache miss only.
      const { readLayerResults } = await import("./read-layer-results.js");
      const result = await readLayerResults(provider, layer, catalogers, {
        target: options.target.input,
        parseContext: { limits },
        maxFileSize,
      });
      filesBuffered += result.stats.filesBuffered;
      options.cache?.put(layer.diffId, key, result);
      options.onLayerDone?.(layer, false);
      return result;
    },
  );

  // Squashed straight from the layer results' compact entries (cached or just read).
  const view = squashLayerChanges(
    provider.layers.map((layer, i) => {
      const { entries, whiteouts, opaqueDirs } = results[i]!;
      return { layer, entries, whiteouts, opaqueDirs };
    }),
  );
  const surviving = survivingFiles(provider.layers, results, view);
  const diagnostics: Diagnostic[] = results.flatMap((r) => r.diagnostics as Diagnostic[]);

  const distro = options.resolveDistro(surviving.get(options.distroDetector.name) ?? []);
  diagnostics.push(...distroDiagnostics(distro));
  const drafts: { cataloger: Cataloger; drafts: PackageDraft[] }[] = [];
  const ledger: LedgerEntry[] = [];
  for (const cataloger of catalogers.slice(1)) {
    const files = surviving.get(cataloger.name) ?? [];
    let found: PackageDraft[];
    if (cataloger.assemble) {
      const out = cataloger.assemble(files, { distro, exists: (p) => view.exists(p) });
      found = out.packages;
      diagnostics.push(...out.diagnostics);
    } else {
      found = files.flatMap((f) => f.packages);
    }
    for (const f of files) diagnostics.push(...f.diagnostics);
    drafts.push({ cataloger, drafts: found });
    ledger.push(ledgerEntry(cataloger, files, found, diagnostics));
  }

  const packages: Package[] = finalisePackages(drafts, {
    distro,
    purl: options.purl,
    distroKey: options.distroKey,
    realpath: (p) => view.realpath(p),
  });
  const bytesRead = provider.bytesRead();
  return {
    schemaVersion: sbomSchemaVersion,
    target: options.target,
    ...(distro ? { distro } : {}),
    layers: provider.layers,
    packages,
    ledger,
    stats: {
      layersTotal: provider.layers.length,
      layersFromCache,
      layerBytesRead: bytesRead,
      filesBuffered,
    },
    diagnostics,
    generator: options.generator,
    created: new Date().toISOString(),
  };
}

/**
 * An unknown or end-of-life distro is said, never silent: its packages get no (or no
 * current) vendor advisories, which would otherwise read as "no vulnerabilities".
 */
function distroDiagnostics(distro: Distro | undefined): Diagnostic[] {
  if (!distro) {
    return [
      diagnostic(
        "distro-not-found",
        "no os-release or release file found: OS packages cannot be matched to a distro release",
        {
          source: "distro-cataloger",
        },
      ),
    ];
  }
  const name = `${distro.id} ${distro.versionId ?? ""}`.trim();
  if (distro.support === "end-of-life") {
    return [
      diagnostic(
        "distro-end-of-life",
        `${name} is past its end of life: its vendor no longer publishes fixes`,
        {
          source: "distro-cataloger",
        },
      ),
    ];
  }
  if (distro.support === "unknown") {
    return [
      diagnostic(
        "distro-unknown",
        `${name} is not a distro drydock knows: no vendor advisories apply to its packages`,
        {
          source: "distro-cataloger",
        },
      ),
    ];
  }
  return [];
}

/**
 * Keeps, per cataloger, the parse results of files that are still there in the squashed
 * filesystem and were last written by the layer they were parsed from.
 */
function survivingFiles(
  layers: Layer[],
  results: CachedLayerResult[],
  view: FilesystemView,
): Map<string, ParsedFile[]> {
  const byCataloger = new Map<string, ParsedFile[]>();
  results.forEach((result, i) => {
    const diffId = layers[i]!.diffId;
    for (const p of result.parsed) {
      if (view.layerOf(p.path) !== diffId) continue;
      const list = byCataloger.get(p.cataloger) ?? [];
      list.push({ path: p.path, layer: diffId, ...(p.result as Omit<ParsedFile, "path" | "layer">) });
      byCataloger.set(p.cataloger, list);
    }
  });
  for (const list of byCataloger.values())
    list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return byCataloger;
}

function ledgerEntry(
  cataloger: Cataloger,
  files: ParsedFile[],
  found: PackageDraft[],
  diagnostics: Diagnostic[],
): LedgerEntry {
  const skipped = diagnostics
    .filter((d) => d.source === cataloger.name && d.file !== undefined && d.level !== "info")
    .map((d) => ({ file: d.file!, reason: d.message }));
  return {
    cataloger: cataloger.name,
    version: cataloger.version,
    filesSeen: files.length,
    filesParsed: files.filter((f) => !f.diagnostics.some((d) => d.level === "error")).length,
    packagesFound: found.length,
    skipped,
  };
}

/**
 * Indexes of the layers, largest blob first: with several layers read at once, starting the
 * longest first keeps one big layer from being left alone at the end (the base layer comes
 * first in the image but is rarely the largest).
 */
function largestFirst(layers: readonly Layer[]): number[] {
  return layers.map((_, i) => i).sort((a, b) => layers[b]!.size - layers[a]!.size || a - b);
}

/** Runs `fn` over `items` in the given order with at most `limit` at once; results keep item order. */
async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  order: readonly number[],
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < order.length) {
      const i = order[next++]!;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
