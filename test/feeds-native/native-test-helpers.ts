import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Advisory, Diagnostic, FeedRecord, FeedSnapshot, Importer } from "../../src/model/index.js";

/** The repository root and the read-only feed mirror beside it (may be absent). */
export const repoRoot = resolve(fileURLToPath(new URL("../../", import.meta.url)));
export const vulndata = resolve(repoRoot, "../shared/vulndata");
/** `skip` option for suites that read ../shared/vulndata. */
export const needsVulndata = existsSync(join(vulndata, "SOURCES.md"))
  ? false
  : "../shared/vulndata is missing";

/** A temporary folder and its disposer. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "drydock-native-feeds-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ImportRun {
  count: number;
  advisories: Advisory[];
  diagnostics: Diagnostic[];
}

/** Detects `relativePath` under `root` with the importer, then parses it as `db import` would. */
export async function importFile(importer: Importer, root: string, relativePath: string): Promise<ImportRun> {
  const file = join(root, relativePath);
  const detected = await importer.detect(file, relativePath);
  if (detected === undefined) throw new Error(`${importer.name} does not detect ${relativePath}`);
  return parseWith(importer, detected.provider, detected.files);
}

/** Runs an importer's parse over files and collects what it yields and counts. */
export async function parseWith(importer: Importer, provider: string, files: string[]): Promise<ImportRun> {
  const snapshot: FeedSnapshot = { provider, source: files[0] ?? "", files, fetchedAt: "", digest: "" };
  const run: ImportRun = { count: 0, advisories: [], diagnostics: [] };
  for await (const record of importer.parse(snapshot, (n = 1) => {
    run.count += n;
  }) as AsyncIterable<FeedRecord>) {
    if (record.kind === "advisory") run.advisories.push(record.advisory);
    if (record.kind === "diagnostic") run.diagnostics.push(record.diagnostic);
  }
  return run;
}

/** The advisories with an id, in yield order (a provider may yield an id more than once). */
export function byId(run: ImportRun, id: string): Advisory[] {
  return run.advisories.filter((a) => a.id === id);
}
