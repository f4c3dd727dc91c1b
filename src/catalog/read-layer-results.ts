import { compileFileMatcher, readLayer } from "../fs/index.js";
import type { CachedLayerResult, Diagnostic, Layer } from "../model/index.js";
import { diagnostic } from "../model/index.js";
import type { Cataloger, ParseContext } from "./cataloger.js";
import type { LayerProvider } from "./layer-provider.js";

export interface ReadLayerResultsOptions {
  target: string;
  parseContext: ParseContext;
  /** Files above this size are never buffered, whatever a cataloger's selector says. */
  maxFileSize: number;
  onFileParsed?: () => void;
}

/**
 * Streams one layer once and runs every cataloger whose selector matches a file on that
 * file's bytes, keeping only the parse results: the memory of each file's bytes is reused
 * for later files once it is parsed. The result is what the layer cache stores.
 */
export async function readLayerResults(
  provider: LayerProvider,
  layer: Layer,
  catalogers: readonly Cataloger[],
  options: ReadLayerResultsOptions,
): Promise<CachedLayerResult> {
  const byName = new Map(catalogers.map((c) => [c.name, c]));
  const selectors = Object.fromEntries(
    catalogers.map((c) => [
      c.name,
      { ...c.selects, maxSize: capSize(c.selects.maxSize, options.maxFileSize) },
    ]),
  );
  const parsed: CachedLayerResult["parsed"] = [];
  const diagnostics: Diagnostic[] = [];
  const matcher = compileFileMatcher(selectors, {
    onOversize: (path, size, keys) => {
      for (const key of keys) {
        diagnostics.push(
          diagnostic(
            "file-too-large",
            `${path}: ${size} bytes, over the size cap of ${selectors[key]!.maxSize}`,
            {
              file: path,
              layer: layer.diffId,
              source: key,
            },
          ),
        );
      }
    },
  });
  let filesBuffered = 0;
  const tar = await provider.openLayer(layer);
  const index = await readLayer(tar, {
    layer,
    target: options.target,
    select: matcher.select,
    reopen: () => provider.openLayer(layer),
    // Parsers keep results, never bytes, and each file is parsed before the next is read.
    reuseBuffers: true,
    onFile: async (file) => {
      filesBuffered++;
      for (const name of matcher.matchers(file.path, file.size, file.mode)) {
        const cataloger = byName.get(name)!;
        try {
          const result = await cataloger.parse(file, options.parseContext);
          parsed.push({ cataloger: cataloger.name, path: file.path, result });
        } catch (e) {
          // A cataloger must report bad content as diagnostics; a throw is a bug, kept as data.
          diagnostics.push(
            diagnostic("cataloger-failed", `${file.path}: ${(e as Error).message}`, {
              level: "error",
              file: file.path,
              layer: layer.diffId,
              source: cataloger.name,
            }),
          );
        }
      }
      options.onFileParsed?.();
    },
  });
  const entries: CachedLayerResult["entries"] = [];
  for (const [path, meta] of index.entries) {
    entries.push(
      meta.linkTarget === undefined
        ? [path, meta.type, meta.size, meta.mode]
        : [path, meta.type, meta.size, meta.mode, meta.linkTarget],
    );
  }
  diagnostics.push(...index.diagnostics);
  return {
    entries,
    whiteouts: index.whiteouts,
    opaqueDirs: index.opaqueDirs,
    parsed,
    diagnostics,
    stats: { entries: index.stats.entries, bytes: index.stats.bytes, filesBuffered },
  };
}

function capSize(selectorMax: number | undefined, globalMax: number): number {
  return selectorMax === undefined ? globalMax : Math.min(selectorMax, globalMax);
}
