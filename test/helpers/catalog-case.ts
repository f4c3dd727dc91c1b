import { lstatSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import picomatch from "picomatch";
import type { Cataloger, PackageDraft, ParsedFile } from "../../src/catalog/cataloger.js";
import { defaultParseLimits } from "../../src/catalog/cataloger.js";
import type { Diagnostic, FileSelector } from "../../src/model/index.js";

/** The synthetic layer id test cases use for files read from a plain folder. */
export const testLayer = `sha256:${"0".repeat(64)}` as const;

function selects(sel: FileSelector, path: string, size: number, mode: number): boolean {
  if (sel.maxSize !== undefined && size > sel.maxSize) return false;
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (sel.paths?.includes(path)) return true;
  if (sel.basenames?.includes(base)) return true;
  if (sel.suffixes?.some((s) => path.endsWith(s))) return true;
  if (sel.globs?.some((g) => picomatch(g, { dot: true })(path))) return true;
  if (sel.executables && (mode & 0o111) !== 0) return true;
  return false;
}

/**
 * Runs catalogers over a fixture folder laid out as an image root (e.g. a case of
 * shared/vectors/catalog): every regular file a cataloger selects is parsed, then the
 * cataloger assembles. A small stand-in for the catalog stage, for cataloger unit tests.
 */
export async function runCatalogersOnDir(
  catalogers: Cataloger[],
  root: string,
  options: { directoryTarget?: boolean } = {},
): Promise<{ packages: PackageDraft[]; diagnostics: Diagnostic[] }> {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      const st = lstatSync(full);
      if (st.isDirectory()) walk(full);
      else if (st.isFile()) files.push(full);
    }
  };
  walk(root);
  const packages: PackageDraft[] = [];
  const diagnostics: Diagnostic[] = [];
  const existing = new Set(files.map((f) => `/${relative(root, f).split(sep).join("/")}`));
  for (const cataloger of catalogers) {
    if (cataloger.directoryOnly && !options.directoryTarget) continue;
    const parsed: ParsedFile[] = [];
    for (const full of files.sort()) {
      const path = `/${relative(root, full).split(sep).join("/")}`;
      const st = lstatSync(full);
      if (!selects(cataloger.selects, path, st.size, st.mode)) continue;
      const result = await cataloger.parse(
        { path, layer: testLayer, size: st.size, mode: st.mode, bytes: readFileSync(full) },
        { limits: defaultParseLimits },
      );
      // Round-trip through JSON: results must survive the layer cache.
      parsed.push({ path, layer: testLayer, ...JSON.parse(JSON.stringify(result)) });
    }
    if (cataloger.assemble) {
      const out = cataloger.assemble(parsed, { exists: (p) => existing.has(p) });
      packages.push(...out.packages);
      diagnostics.push(...out.diagnostics);
    } else {
      for (const p of parsed) packages.push(...p.packages);
    }
    for (const p of parsed) diagnostics.push(...p.diagnostics);
  }
  return { packages, diagnostics };
}

/** Lists the case folders of shared/vectors/catalog/<ecosystem>, or [] when absent. */
export function catalogVectorCases(sharedDir: string, ecosystem: string): { name: string; dir: string }[] {
  const base = join(sharedDir, "vectors", "catalog", ecosystem);
  try {
    return readdirSync(base)
      .sort()
      .map((name) => ({ name, dir: join(base, name) }));
  } catch {
    return [];
  }
}

/** Absolute path of ../shared beside the repo, or undefined when it is not there. */
export function sharedDir(): string | undefined {
  const dir = new URL("../../../shared/", import.meta.url).pathname;
  try {
    return lstatSync(dir).isDirectory() ? dir.replace(/\/$/, "") : undefined;
  } catch {
    return undefined;
  }
}
