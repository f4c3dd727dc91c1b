import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Cataloger, PackageDraft } from "../../src/catalog/cataloger.js";
import type { Diagnostic } from "../../src/model/index.js";
import { runCatalogersOnDir } from "../helpers/catalog-case.js";

/** Files of a fixture image root, by absolute path inside the image. */
export type FixtureFiles = Record<string, string | Buffer>;

/** Writes the files into a fresh temporary folder laid out as an image root; returns it. */
export function writeFixture(files: FixtureFiles): string {
  const root = mkdtempSync(join(tmpdir(), "drydock-catalog-lang-"));
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return root;
}

/** Runs catalogers over fixture files built in code, then removes them. */
export async function catalogFixture(
  catalogers: Cataloger[],
  files: FixtureFiles,
  options: { directoryTarget?: boolean } = {},
): Promise<{ packages: PackageDraft[]; diagnostics: Diagnostic[] }> {
  const root = writeFixture(files);
  try {
    return await runCatalogersOnDir(catalogers, root, options);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** `name@version` of each package, sorted: compact to compare. */
export function listIds(packages: PackageDraft[]): string[] {
  return packages.map((p) => `${p.name}@${p.version}`).sort();
}
