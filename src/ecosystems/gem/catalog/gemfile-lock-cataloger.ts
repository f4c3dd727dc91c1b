import type { Cataloger, CatalogFile, FileParseResult, PackageDraft } from "../../../catalog/cataloger.js";
import { readTextFile } from "../../../catalog/parse/read-text.js";
import { type Diagnostic, diagnostic } from "../../../model/index.js";
import { isGemVersion } from "./gem-version.js";
import { parseGemfileLock } from "./parse-gemfile-lock.js";

const name = "gemfile-lock-cataloger";

/**
 * Bundler's `Gemfile.lock` (also `gems.locked`): every locked gem of the GEM, GIT and PATH
 * sections, one per (name, version) with its platforms, `direct` when DEPENDENCIES names it.
 *
 * `dir:` targets only, like Trivy: in an image the installed specifications are the truth
 * (a lockfile may name gems of groups that were never installed, `BUNDLE_WITHOUT`), and the
 * gemspec cataloger finds the installed gems wherever Bundler put them.
 */
export const gemfileLockCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "gem",
  directoryOnly: true,
  selects: { basenames: ["Gemfile.lock", "gems.locked"], maxSize: 64 * 1024 * 1024 },
  parse: parseGemfileLockFile,
};

function parseGemfileLockFile(file: CatalogFile): FileParseResult {
  const where = { file: file.path, layer: file.layer, source: name };
  const read = readTextFile(file, name);
  if (!read.ok) return { packages: [], diagnostics: [read.diagnostic] };
  const text = read.text;
  const lock = parseGemfileLock(text);
  const byKey = new Map<string, PackageDraft>();
  let invalid = 0;
  for (const gem of lock.gems) {
    if (!isGemVersion(gem.version)) {
      invalid++;
      continue;
    }
    const key = `${gem.name}@${gem.version}`;
    const seen = byKey.get(key);
    if (seen) {
      const platforms = (seen.metadata?.platforms as string[] | undefined) ?? [];
      if (gem.platform && !platforms.includes(gem.platform)) platforms.push(gem.platform);
      continue;
    }
    const metadata: Record<string, unknown> = {
      relationship: lock.direct.has(gem.name) ? "direct" : "indirect",
      source: gem.source,
    };
    if (gem.remote) metadata.remote = gem.remote;
    if (gem.revision) metadata.revision = gem.revision;
    if (gem.platform) metadata.platforms = [gem.platform];
    byKey.set(key, {
      name: gem.name,
      version: gem.version,
      type: "gem",
      locations: [{ path: file.path, layer: file.layer }],
      foundBy: name,
      licenses: [],
      metadata,
    });
  }
  const diagnostics: Diagnostic[] = [];
  if (lock.malformed + invalid > 0) {
    diagnostics.push(
      diagnostic("parse-error", `${file.path}: ${lock.malformed + invalid} spec lines not understood`, {
        ...where,
        level: "info",
      }),
    );
  }
  return { packages: [...byKey.values()], diagnostics };
}
