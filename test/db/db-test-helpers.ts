import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { DatabaseBuild, type ProviderCounts } from "../../src/db/index.js";
import type { Advisory, FeedRecord } from "../../src/model/index.js";
import { repoRoot } from "../feeds/feed-test-helpers.js";

/** Builds (or rebuilds) a database from in-memory records, one entry per provider. */
export async function buildDb(
  file: string,
  providers: Record<string, FeedRecord[]>,
  options: { fresh?: boolean } = {},
): Promise<Record<string, ProviderCounts>> {
  const build = DatabaseBuild.begin(file, { fresh: options.fresh ?? false, builtBy: "test" });
  const counts: Record<string, ProviderCounts> = {};
  try {
    for (const [id, records] of Object.entries(providers)) {
      async function* stream() {
        yield* records;
      }
      counts[id] = await build.importProvider(
        {
          id,
          importer: id.split(":")[0]!,
          importerVersion: "1",
          source: `/feeds/${id}`,
          fetchedAt: "2024-01-01T00:00:00.000Z",
          inputDigest: `sha256:${id}`,
        },
        stream(),
        { records: () => records.length },
      );
    }
    build.publish();
  } catch (e) {
    build.abort();
    throw e;
  }
  return counts;
}

/** A minimal advisory record; `over` replaces fields. */
export function advisory(id: string, over: Partial<Advisory> = {}): FeedRecord {
  return {
    kind: "advisory",
    advisory: { id, aliases: [], provider: "", severities: [], references: [], affected: [], ...over },
  };
}

/** Runs the drydock CLI synchronously (through tsx) and returns its exit status and output. */
export function runCli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(repoRoot, "src/cli/main.ts"), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, CI: "true", ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same without blocking the event loop (for tests that serve HTTP in-process). */
export function runCliAsync(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "src/cli/main.ts"), ...args], {
      cwd: repoRoot,
      env: { ...process.env, CI: "true", ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
