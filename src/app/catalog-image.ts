import { join } from "node:path";
import { catalogImage as runCatalog } from "../catalog/catalog-image.js";
import type { PackageDraft } from "../catalog/cataloger.js";
import { distroCataloger, distroKey, resolveDistro } from "../catalog/distro/index.js";
import { SqliteLayerCache } from "../db/layer-cache/sqlite-layer-cache.js";
import type { Ecosystem } from "../ecosystems/ecosystem.js";
import { ecosystems } from "../ecosystems/index.js";
import { parseTarget } from "../image/target.js";
import type { Distro, Layer, Sbom } from "../model/index.js";
import { resolveCacheDir } from "./config.js";
import { type OpenImageOptions, openParsedTarget } from "./open-image.js";
import { drydockVersion } from "./version.js";

export interface CatalogImageOptions {
  platform?: string;
  /** Layer-cache file; `false` turns the cache off. Default: in the cache dir. */
  layerCache?: string | false;
  maxFileSize?: number;
  maxArchiveDepth?: number;
  /** Registry client options, for registry targets. */
  registry?: OpenImageOptions["registry"];
  /** Structured intake events (platform chosen, registry retries), for --debug. */
  onEvent?: OpenImageOptions["onEvent"];
  /** Called as each layer finishes, with the image's layer count (for a progress bar). */
  onLayerDone?: (layer: Layer, fromCache: boolean, total: number, bytesRead: number) => void;
}

const registered = Object.values(ecosystems) as Ecosystem[];

/** Builds a draft's purl with its ecosystem's builder; `generic` purls for the rest. */
function purlOf(draft: PackageDraft, distro: Distro | undefined): string {
  const eco = registered.find((e) => e.id === draft.type);
  if (eco) return eco.purl(draft, distro);
  return `pkg:generic/${encodeURIComponent(draft.name)}@${encodeURIComponent(draft.version)}`;
}

/**
 * Catalogs an image (any target kind) into an SBOM: the `index` half of the pipeline.
 * `sbom:FILE` targets are read, not catalogued.
 */
export async function catalogImage(target: string, options: CatalogImageOptions = {}): Promise<Sbom> {
  if (target.startsWith("sbom:")) {
    const { readSbomFile } = await import("../image/sbom-file/read-sbom-file.js");
    return readSbomFile(target.slice("sbom:".length), target);
  }
  // The schema-2 digest of a docker-archive with compressed layers costs a decompression of
  // every layer at open (see deriveArchiveDigest); a catalog reads each layer once, so it
  // skips that pass and leaves the manifest digest unset for such archives.
  const parsed = await parseTarget(target);
  const source = await openParsedTarget(parsed, {
    deriveArchiveDigest: false,
    ...(options.platform === undefined ? {} : { platform: options.platform }),
    ...(options.registry === undefined ? {} : { registry: options.registry }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  const cacheFile =
    options.layerCache === undefined ? join(resolveCacheDir(), "layers.db") : options.layerCache;
  const cache = cacheFile ? new SqliteLayerCache(cacheFile) : undefined;
  try {
    return await runCatalog(source, {
      target: source.target,
      catalogers: registered.flatMap((e) => e.catalogers),
      distroDetector: distroCataloger,
      resolveDistro,
      distroKey,
      purl: purlOf,
      directoryTarget: parsed.kind === "dir",
      ...(cache ? { cache } : {}),
      ...(options.maxFileSize ? { maxFileSize: options.maxFileSize } : {}),
      ...(options.maxArchiveDepth ? { limits: { maxArchiveDepth: options.maxArchiveDepth } } : {}),
      generator: { name: "drydock", version: drydockVersion },
      ...(options.onLayerDone
        ? {
            onLayerDone: (l: Layer, c: boolean) =>
              options.onLayerDone!(l, c, source.layers.length, source.bytesRead()),
          }
        : {}),
    });
  } finally {
    cache?.close();
    await source.close();
  }
}
