import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { importFeeds } from "../../src/app/build-db.js";
import { verifyDatabase } from "../../src/db/build/verify-database.js";
import { DatabaseBuild, openAdvisoryReader } from "../../src/db/index.js";
import { isDrydockError } from "../../src/model/index.js";
import { tempDir } from "../feeds/feed-test-helpers.js";
import { makeZip } from "../feeds/make-zip.js";
import { advisory, buildDb, runCli } from "./db-test-helpers.js";

const pkg = (name: string) => ({
  ecosystem: "npm",
  name,
  status: "affected" as const,
  ranges: [{ scheme: "semver" as const, introduced: "0", fixed: "1.0.0" }],
  fix: { state: "fixed" as const, versions: ["1.0.0"] },
});

async function ids(file: string, name: string): Promise<string[]> {
  const r = openAdvisoryReader(file);
  try {
    return (await r.find([{ ecosystem: "npm", name }])).map((h) => h.advisory.id);
  } finally {
    r.close();
  }
}

describe("atomic database builds", () => {
  it("replaces only the re-imported provider's rows", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "a.db");
      await buildDb(file, {
        "osv:a": [advisory("A1", { affected: [pkg("x")] })],
        "osv:b": [advisory("B1", { affected: [pkg("x")] })],
      });
      await buildDb(file, { "osv:a": [advisory("A2", { affected: [pkg("x")] })] });
      assert.deepEqual(await ids(file, "x"), ["A2", "B1"]);
    } finally {
      cleanup();
    }
  });

  it("keeps an open reader on its snapshot while a new file is published", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "a.db");
      await buildDb(file, { "osv:a": [advisory("OLD", { affected: [pkg("x")] })] });
      const before = openAdvisoryReader(file);
      await buildDb(file, { "osv:a": [advisory("NEW", { affected: [pkg("x")] })] });
      assert.deepEqual(
        (await before.find([{ ecosystem: "npm", name: "x" }])).map((h) => h.advisory.id),
        ["OLD"],
      );
      before.close();
      assert.deepEqual(await ids(file, "x"), ["NEW"]);
      assert.deepEqual(readdirSync(dir).sort(), ["a.db"], "no -wal, -journal, lock or build copy is left");
      const db = new Database(file, { readonly: true });
      assert.equal(db.pragma("journal_mode", { simple: true }), "delete");
      db.close();
    } finally {
      cleanup();
    }
  });

  it("rolls back a provider whose feed fails mid-way and keeps its previous rows", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "a.db");
      await buildDb(file, { "osv:a": [advisory("A1", { affected: [pkg("x")] })] });
      const build = DatabaseBuild.begin(file, { builtBy: "test" });
      async function* failing() {
        yield advisory("A2", { affected: [pkg("x")] });
        throw new Error("truncated input");
      }
      const prov = {
        id: "osv:a",
        importer: "osv",
        importerVersion: "1",
        source: "s",
        fetchedAt: "t",
        inputDigest: "d",
      };
      await assert.rejects(build.importProvider(prov, failing(), { records: () => 1 }), (e) => {
        assert.ok(isDrydockError(e));
        assert.equal(e.code, "DRYDOCK_FEED_UNREADABLE");
        assert.match(e.message, /osv:a.*truncated input/);
        return true;
      });
      async function* other() {
        yield advisory("B1", { affected: [pkg("x")] });
      }
      await build.importProvider({ ...prov, id: "osv:b" }, other(), { records: () => 1 });
      build.publish();
      assert.deepEqual(await ids(file, "x"), ["A1", "B1"]);
    } finally {
      cleanup();
    }
  });

  it("removes build copies left by a killed build, and takes over a dead owner's lock", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "a.db");
      await buildDb(file, { "osv:a": [advisory("A1")] });
      writeFileSync(join(dir, ".a.db.build-999999-abc"), "half written");
      writeFileSync(join(dir, ".a.db.build-999999-abc-wal"), "");
      writeFileSync(`${file}.lock`, "999999\n");
      await buildDb(file, { "osv:a": [advisory("A2")] });
      assert.deepEqual(readdirSync(dir).sort(), ["a.db"]);
    } finally {
      cleanup();
    }
  });

  it("verification catches rows that no longer match their provider's counts", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "a.db");
      await buildDb(file, {
        "osv:a": [advisory("A1"), advisory("A2")],
        epss: [{ kind: "epss", score: { cve: "CVE-2020-0001", epss: 0.1, percentile: 0.2 } }],
      });
      const db = new Database(file);
      verifyDatabase(db, file);
      db.prepare("DELETE FROM advisories WHERE id = 'A2'").run();
      assert.throws(() => verifyDatabase(db, file), /row counts of provider osv:a changed/);
      db.prepare("UPDATE providers SET advisory_count = 1 WHERE id = 'osv:a'").run();
      verifyDatabase(db, file);
      db.prepare("UPDATE epss SET provider = 'other'").run();
      assert.throws(
        () => verifyDatabase(db, file),
        (e) => isDrydockError(e) && e.code === "DRYDOCK_DB_CORRUPT",
      );
      db.close();
    } finally {
      cleanup();
    }
  });

  it("refuses to build while a live process holds the lock", async () => {
    const { dir, cleanup } = tempDir();
    const sleeper = spawn("sleep", ["30"], { stdio: "ignore" });
    try {
      const file = join(dir, "a.db");
      writeFileSync(`${file}.lock`, `${sleeper.pid}\n`);
      assert.throws(
        () => DatabaseBuild.begin(file, { builtBy: "test" }),
        (e) => isDrydockError(e) && e.code === "DRYDOCK_DB_BUSY" && e.message.includes(String(sleeper.pid)),
      );
      assert.equal(existsSync(file), false);
    } finally {
      sleeper.kill();
      cleanup();
    }
  });
});

describe("db import", () => {
  it("skips unchanged inputs, counts malformed records, and names an unreadable feed (exit 4)", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const feeds = join(dir, "feeds");
      mkdirSync(join(feeds, "osv", "npm"), { recursive: true });
      mkdirSync(join(feeds, "osv", "Broken"), { recursive: true });
      const doc = (id: string) =>
        JSON.stringify({
          id,
          modified: "2024-01-01T00:00:00Z",
          affected: [{ package: { ecosystem: "npm", name: "x" } }],
        });
      writeFileSync(join(feeds, "osv", "npm", "all.zip"), makeZip({ "A.json": doc("A"), "B.json": "{oops" }));
      writeFileSync(join(feeds, "README.md"), "not a feed");
      const file = join(dir, "a.db");
      const first = await importFeeds([feeds], { db: file });
      assert.equal(first.published, true);
      assert.deepEqual(
        first.providers.map((p) => `${p.provider} ${p.status} ${p.counts?.records} ${p.counts?.diagnostics}`),
        ["osv:npm imported 2 1"],
      );
      assert.equal(first.diagnostics, 1);
      assert.deepEqual(first.unrecognised, [join(feeds, "README.md")]);
      const again = await importFeeds([feeds], { db: file });
      assert.deepEqual(
        again.providers.map((p) => p.status),
        ["unchanged"],
      );
      assert.equal(again.published, false);
      assert.deepEqual(
        (await importFeeds([feeds], { db: file, force: true })).providers.map((p) => p.status),
        ["imported"],
      );

      writeFileSync(join(feeds, "osv", "Broken", "all.zip"), "PK\u0003\u0004 this is not really a zip");
      const cli = runCli(["db", "import", feeds, "--db", file, "--force"]);
      assert.equal(cli.status, 4, cli.stderr);
      assert.match(cli.stderr, /^drydock: feed .*Broken\/all\.zip: cannot be read/m);
      assert.match(cli.stderr, /1 malformed record/);
      assert.deepEqual(await ids(file, "x"), ["A"], "the good feed is still there");
    } finally {
      cleanup();
    }
  });

  it("rejects a path with no known feed", async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(join(dir, "notes.txt"), "hello");
      await assert.rejects(
        importFeeds([dir], { db: join(dir, "a.db") }),
        (e) => isDrydockError(e) && e.exitCode === 4,
      );
      const cli = runCli(["db", "import", join(dir, "missing"), "--db", join(dir, "a.db")]);
      assert.equal(cli.status, 4);
      assert.match(cli.stderr, /^drydock: feed .*missing: cannot be read/m);
    } finally {
      cleanup();
    }
  });
});
