import { join } from "node:path";
import { importFeeds } from "../../src/app/build-db.js";
import { importers } from "../../src/app/importers.js";
import { debianAdvisoryListsImporter } from "../../src/ecosystems/deb/feeds/debian-advisory-lists-importer.js";
import { debianOvalImporter } from "../../src/ecosystems/deb/feeds/debian-oval-importer.js";
import { azureLinuxOvalImporter } from "../../src/ecosystems/rpm/feeds/azurelinux-oval-importer.js";
import { redhatOvalImporter } from "../../src/ecosystems/rpm/feeds/redhat-oval-importer.js";
import { rockyOvalImporter } from "../../src/ecosystems/rpm/feeds/rocky-oval-importer.js";
import type { Importer } from "../../src/model/index.js";

/**
 * Every importer a test database may need: the app registry, plus the distro-native
 * importers in case the registry does not list them yet (specific formats first, as the
 * registry orders them: OSV, which accepts any OSV-shaped JSON, stays last).
 */
const registry: Record<string, Importer> = (() => {
  const native: Record<string, Importer> = {
    "debian-oval": debianOvalImporter,
    "debian-advisory-lists": debianAdvisoryListsImporter,
    "redhat-oval": redhatOvalImporter,
    "rocky-oval": rockyOvalImporter,
    "azurelinux-oval": azureLinuxOvalImporter,
  };
  const { osv, ...rest } = importers as Record<string, Importer>;
  return { ...native, ...rest, ...(osv ? { osv } : {}) };
})();

/**
 * Compiles raw feed files or folders (real slices cut from shared/vulndata, or whole feeds)
 * into a fresh advisory database in `dir` with the real importers and writer, exactly as
 * `drydock db import` does. Throws when a provider fails, so a test never runs against a
 * half-built database. Returns the database file.
 */
export async function buildTestDb(dir: string, inputs: readonly string[]): Promise<string> {
  const db = join(dir, "advisories.db");
  const summary = await importFeeds(inputs, { db, fresh: true, registry });
  const failed = summary.providers.filter((p) => p.status === "failed");
  if (failed.length > 0) {
    throw new Error(`buildTestDb: ${failed.map((f) => `${f.provider}: ${f.error?.message}`).join("; ")}`);
  }
  if (!summary.published) throw new Error(`buildTestDb: nothing imported from ${inputs.join(", ")}`);
  return db;
}
