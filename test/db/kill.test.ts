import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createWriteStream, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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

describe("a killed import", () => {
  it("leaves the previous database usable, and the next import succeeds", async () => {
    const { dir, cleanup } = tempDir();
    try {
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

      const big = join(dir, "epss_scores.csv");
      await writeBigEpss(big, 1_500_000);
      const child = spawn(
        process.execPath,
        ["--import", "tsx", join(repoRoot, "src/cli/main.ts"), "db", "import", big, "--db", db],
        {
          cwd: repoRoot,
          stdio: "ignore",
          env: { ...process.env, CI: "true" },
        },
      );
      let exited = false;
      child.on("exit", () => {
        exited = true;
      });
      // Wait until the build copy exists and has taken rows, then kill the builder outright.
      const deadline = Date.now() + 60_000;
      let copy: string | undefined;
      while (Date.now() < deadline && !exited) {
        copy = readdirSync(dir).find((n) => n.startsWith(".a.db.build-") && n.endsWith("-wal"));
        if (copy) break;
        await sleep(50);
      }
      await sleep(500);
      assert.ok(
        copy && !exited,
        "the import must still be running when it is killed (make the input bigger)",
      );
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));

      const reader = openAdvisoryReader(db);
      const hits = await reader.find([{ ecosystem: "npm", name: "left-pad" }]);
      assert.deepEqual(
        hits.map((h) => h.advisory.id),
        ["GHSA-1"],
      );
      assert.deepEqual(
        (await reader.metadata()).providers.map((p) => p.id),
        [`osv:${dir.split("/").pop()}`],
      );
      reader.close();
      assert.ok(
        readdirSync(dir).some((n) => n.startsWith(".a.db.build-")),
        "the killed build left its copy behind",
      );

      const next = runCli(["db", "import", small, "--db", db, "--force"]);
      assert.equal(next.status, 0, next.stderr);
      assert.deepEqual(
        readdirSync(dir).filter((n) => n.startsWith(".a.db") || n.endsWith(".lock")),
        [],
        "the next build removed the leftovers and its lock",
      );
    } finally {
      cleanup();
    }
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`stops cleanly on ${signal}: exit 130, one line, copy and lock removed at once, database unchanged`, async () => {
      const { dir, cleanup } = tempDir();
      try {
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
        const exit = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
        let exited = false;
        void exit.then(() => {
          exited = true;
        });
        const deadline = Date.now() + 60_000;
        let copy: string | undefined;
        while (Date.now() < deadline && !exited) {
          copy = readdirSync(dir).find((n) => n.startsWith(".a.db.build-") && n.endsWith("-wal"));
          if (copy) break;
          await sleep(50);
        }
        await sleep(300);
        assert.ok(copy && !exited, "the import must still be running when it is stopped");
        child.kill(signal);
        assert.equal(await exit, 130);
        assert.match(stderr, /^drydock: database .*a\.db: import interrupted; the database is unchanged\n$/);
        assert.deepEqual(
          readdirSync(dir).filter((n) => n.startsWith(".a.db") || n.endsWith(".lock")),
          [],
          "no build copy and no lock left behind",
        );
        const reader = openAdvisoryReader(db);
        const hits = await reader.find([{ ecosystem: "npm", name: "left-pad" }]);
        assert.deepEqual(
          hits.map((h) => h.advisory.id),
          ["GHSA-1"],
        );
        assert.equal((await reader.metadata()).providers.length, 1);
        reader.close();
      } finally {
        cleanup();
      }
    });
  }
});
