import type { Cataloger, PackageDraft, ParsedFile, ParseLimits } from "../../src/catalog/cataloger.js";
import { defaultParseLimits } from "../../src/catalog/cataloger.js";
import type { Diagnostic } from "../../src/model/index.js";
import { testLayer } from "../helpers/catalog-case.js";

/**
 * Runs catalogers over in-memory files (path → content) without touching disk: every file
 * is offered to every cataloger (selectors are not applied), results go through JSON as
 * the layer cache would store them, then each cataloger assembles.
 */
export async function runCatalogers(
  catalogers: Cataloger[],
  files: Record<string, string | Buffer>,
  limits: ParseLimits = defaultParseLimits,
): Promise<{ packages: PackageDraft[]; diagnostics: Diagnostic[] }> {
  const packages: PackageDraft[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const cataloger of catalogers) {
    const parsed: ParsedFile[] = [];
    for (const [path, content] of Object.entries(files).sort()) {
      if (!selected(cataloger, path)) continue;
      const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content);
      const result = await cataloger.parse(
        { path, layer: testLayer, size: bytes.length, mode: 0o644, bytes },
        { limits },
      );
      parsed.push({ path, layer: testLayer, ...JSON.parse(JSON.stringify(result)) });
    }
    const out = cataloger.assemble
      ? cataloger.assemble(parsed, { exists: () => true })
      : { packages: parsed.flatMap((p) => p.packages), diagnostics: [] };
    packages.push(...out.packages);
    diagnostics.push(...out.diagnostics, ...parsed.flatMap((p) => p.diagnostics));
  }
  return { packages, diagnostics };
}

/** Exact paths and simple `dir/*` or `dir/*\/name` globs: enough for the OS catalogers. */
function selected(cataloger: Cataloger, path: string): boolean {
  const sel = cataloger.selects;
  if (sel.paths?.includes(path)) return true;
  return (sel.globs ?? []).some((g) => {
    const re = new RegExp(
      `^${g
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[^/]*")}$`,
    );
    return re.test(path);
  });
}
