import assert from "node:assert/strict";
import { type ChildProcessByStdio, spawn } from "node:child_process";
import { createWriteStream, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { describe, it } from "node:test";
import { openAdvisoryReader } from "../../src/db/index.js";
import { repoRoot, tempDir } from "../feeds/feed-test-helpers.js";
import { runCli } from "./db-test-helpers.js";

/** A plain EPSS file big enough that importing it takes seconds. */
async function writeBigEpss(file: string, rows: number): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < rows; i++) {
    const line = `CVE-${2000 + (i % 25)}-${String(100000 + i)};0.${String(i % 1000).padStart(3, "0")};0.5\n`;
    if (!out.write(line)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `<dir>/a.db` holding one advisory (GHSA-1 for npm left-pad), imported by the CLI. */
function smallDatabase(dir: string): { db: string; small: string } {
  const db = join(dir, "a.db");
  const small = join(dir, "GHSA-1.json");
  writeFileSync(
    small,
    JSON.stringify({
      id: "GHSA-1",
      modified: "2024-01-01T00:00:00Z",
      affected: [
        {
          package: { ecosystem: "npm", name: "left-pad" },
          ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "1.3.0" }] }],
        },
      ],
    }),
  );
  const first = runCli(["db", "import", small, "--db", db]);
  assert.equal(first.status, 0, first.stderr);
  return { db, small };
}

interface RunningImport {
  child: ChildProcessByStdio<null, null, Readable>;
  /** Resolves with the exit code. */
  exit: Promise<number | null>;
  stderr: () => string;
}

/**
 * Starts `db import` of a large EPSS file into `db` and resolves once its build copy exists
 * and has taken rows, the import still running.
 */
async function startLargeImport(dir: string, db: string): Promise<RunningImport> {
  const big = join(dir, "epss_scores.csv");
  await writeBigEpss(big, 1_500_000);
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(repoRoot, "src/cli/main.ts"), "db", "import", big, "--db", db],
    { cwd: repoRoot, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, CI: "true" } },
  );
  let stderr = "";
  child.stderr.on("data", (b: Buffer) => {
    stderr += b.toString();
  });
  let exited = false;
  const exit = new Promise<number | null>((r) =>
    child.once("exit", (code) => {
      exited = true;
      r(code);
    }),
  );
  const deadline = Date.now() + 60_000;
  let copy: string | undefined;
  while (Date.now() < deadline && !exited) {
    copy = readdirSync(dir).find((n) => n.startsWith(".a.db.build-") && n.endsWith("-wal"));
    if (copy) break;
    await sleep(50);
  }
  await sleep(300);
  assert.ok(copy && !exited, "the import must still be running when it is stopped (make the input bigger)");
  return { child, exit, stderr: () => stderr };
}

/** The database still answers with GHSA-1 only, from its one provider. */
async function assertUnchanged(db: string): Promise<void> {
  const reader = openAdvisoryReader(db);
  try {
    const hits = await reader.find([{ ecosystem: "npm", name: "left-pad" }]);
    assert.deepEqual(
      hits.map((h) => h.advisory.id),
      ["GHSA-1"],
    );
    assert.equal((await reader.metadata()).providers.length, 1);
  } finally {
    reader.close();
  }
}

/** Build copies and lock files beside `<dir>/a.db`. */
const leftovers = (dir: string): string[] =>
  readdirSync(dir).filter((n) => n.startsWith(".a.db") || n.endsWith(".lock"));

describe("a killed import", () => {
  it("leaves the previous database usable, and the next import succeeds", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const { db, small } = smallDatabase(dir);
      const run = await startLargeImport(dir, db);
      run.child.kill("SIGKILL");
      await run.exit;

      await assertUnchanged(db);
      assert.ok(
        leftovers(dir).some((n) => n.startsWith(".a.db.build-")),
        "the killed build left its copy behind",
      );
      const next = runCli(["db", "import", small, "--db", db, "--force"]);
      assert.equal(next.status, 0, next.stderr);
      assert.deepEqual(leftovers(dir), [], "the next build removed the leftovers and its lock");
    } finally {
      cleanup();
    }
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`stops cleanly on ${signal}: exit 130, one line, copy and lock removed at once, database unchanged`, async () => {
      const { dir, cleanup } = tempDir();
      try {
        const { db } = smallDatabase(dir);
        const run = await startLargeImport(dir, db);
        run.child.kill(signal);
        assert.equal(await run.exit, 130);
        assert.match(
          run.stderr(),
          /^drydock: database .*a\.db: import interrupted; the database is unchanged\n$/,
        );
        assert.deepEqual(leftovers(dir), [], "no build copy and no lock left behind");
        await assertUnchanged(db);
      } finally {
        cleanup();
      }
    });
  }
});
