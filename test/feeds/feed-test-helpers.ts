import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { FeedRecord, FeedSnapshot, Importer } from "../../src/model/index.js";

/** The repository root and the read-only feed mirror beside it (may be absent). */
export const repoRoot = resolve(fileURLToPath(new URL("../../", import.meta.url)));
export const vulndata = resolve(repoRoot, "../shared/vulndata");
export const haveVulndata = existsSync(join(vulndata, "SOURCES.md"));
export const skipWithoutVulndata = haveVulndata ? false : "../shared/vulndata is missing";

/** A temporary folder removed when the returned disposer runs. */
export function tempDir(prefix = "drydock-test-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs an importer's parse over files and collects what it yields and counts. */
export async function runImporter(
  importer: Importer,
  files: string[],
  provider = importer.name,
): Promise<{ records: FeedRecord[]; count: number }> {
  const snapshot: FeedSnapshot = { provider, source: files[0] ?? "", files, fetchedAt: "", digest: "" };
  let count = 0;
  const records: FeedRecord[] = [];
  for await (const r of importer.parse(snapshot, (n = 1) => {
    count += n;
  })) {
    records.push(r);
  }
  return { records, count };
}

export function advisoriesOf(records: FeedRecord[]) {
  return records.flatMap((r) => (r.kind === "advisory" ? [r.advisory] : []));
}

export function diagnosticsOf(records: FeedRecord[]) {
  return records.flatMap((r) => (r.kind === "diagnostic" ? [r.diagnostic] : []));
}
