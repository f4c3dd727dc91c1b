import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { currentSchemaVersion, type Migration, migrations, openAdvisoryReader } from "../../src/db/index.js";
import { migrate, openForWriting } from "../../src/db/sqlite/open-database.js";
import { isDrydockError } from "../../src/model/index.js";
import { tempDir } from "../feeds/feed-test-helpers.js";
import { advisory, buildDb, runCli } from "./db-test-helpers.js";

function rejectsWith(code: string, fn: () => unknown, pattern?: RegExp): void {
  assert.throws(fn, (e) => {
    assert.ok(isDrydockError(e), String(e));
    assert.equal(e.code, code);
    assert.equal(e.exitCode, 4);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

function setVersion(file: string, version: string): void {
  const db = new Database(file);
  db.prepare("UPDATE meta SET value = ? WHERE key = 'schema_version'").run(version);
  db.close();
}

describe("schema and migrations", () => {
  it("creates the current schema in an empty database", () => {
    const { dir, cleanup } = tempDir();
    try {
      const db = openForWriting(join(dir, "a.db"));
      assert.equal(
        db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(),
        currentSchemaVersion,
      );
      assert.equal(currentSchemaVersion, "1.0.1");
      db.close();
    } finally {
      cleanup();
    }
  });

  it("migrates a 1.0.0 database to 1.0.1: affected rows gain name_kind and requirements", () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "old.db");
      openForWriting(file, migrations.slice(0, 1)).close();
      const db = new Database(file);
      assert.equal(migrate(db, file), "1.0.0");
      const columns = db.prepare("SELECT name FROM pragma_table_info('affected')").pluck().all();
      assert.ok(columns.includes("name_kind") && columns.includes("requirements"));
      db.close();
    } finally {
      cleanup();
    }
  });

  it("refuses an older ADDITION to readers (exit 4, one line); an import migrates it", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "old.db");
      openForWriting(file, migrations.slice(0, 1)).close();
      rejectsWith("DRYDOCK_DB_SCHEMA", () => openAdvisoryReader(file), /schema 1\.0\.0 is older/);
      const status = runCli(["db", "status", "--db", file]);
      assert.equal(status.status, 4);
      assert.match(
        status.stderr,
        /^drydock: database .*old\.db: schema 1\.0\.0 is older than this drydock reads/,
      );
      assert.doesNotMatch(status.stderr, /\n\s+at /, "no stack trace");

      const feed = join(dir, "GHSA-1.json");
      writeFileSync(
        feed,
        JSON.stringify({
          id: "GHSA-1",
          modified: "2024-01-01T00:00:00Z",
          affected: [{ package: { ecosystem: "npm", name: "left-pad" }, versions: ["1.0.0"] }],
        }),
      );
      const imported = runCli(["db", "import", feed, "--db", file]);
      assert.equal(imported.status, 0, imported.stderr);
      const reader = openAdvisoryReader(file);
      assert.equal((await reader.metadata()).schemaVersion, currentSchemaVersion);
      assert.deepEqual(
        (await reader.find([{ ecosystem: "npm", name: "left-pad" }])).map((h) => h.advisory.id),
        ["GHSA-1"],
      );
      reader.close();
    } finally {
      cleanup();
    }
  });

  it("applies only the migrations newer than the database, in order", () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "a.db");
      openForWriting(file).close();
      const applied: string[] = [];
      const next: Migration[] = [
        ...migrations,
        {
          to: "1.0.2",
          description: "test addition",
          up: (db) => {
            applied.push("1.0.2");
            db.exec("ALTER TABLE advisories ADD COLUMN extra TEXT");
          },
        },
        { to: "1.1.0", description: "test revision", up: () => void applied.push("1.1.0") },
      ];
      const db = new Database(file);
      assert.equal(migrate(db, file, next), "1.0.1");
      assert.deepEqual(applied, ["1.0.2", "1.1.0"]);
      assert.equal(db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get(), "1.1.0");
      assert.equal(migrate(db, file, next), "1.1.0", "a second run has nothing to do");
      assert.deepEqual(applied, ["1.0.2", "1.1.0"]);
      db.close();
    } finally {
      cleanup();
    }
  });

  it("refuses a database whose MODEL is newer (exit 4), and reads a newer ADDITION", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "a.db");
      await buildDb(file, { "osv:x": [advisory("A")] });
      setVersion(file, "2.0.0");
      rejectsWith("DRYDOCK_DB_SCHEMA", () => openAdvisoryReader(file), /2\.0\.0 is newer/);
      rejectsWith("DRYDOCK_DB_SCHEMA", () => openForWriting(file), /newer/);
      const cli = runCli(["db", "status", "--db", file]);
      assert.equal(cli.status, 4);
      assert.match(cli.stderr, /^drydock: database .*schema 2\.0\.0 is newer/m);
      setVersion(file, "1.0.7");
      const reader = openAdvisoryReader(file);
      assert.equal((await reader.metadata()).schemaVersion, "1.0.7");
      reader.close();
      setVersion(file, "0.9.0");
      rejectsWith("DRYDOCK_DB_SCHEMA", () => openAdvisoryReader(file), /older/);
    } finally {
      cleanup();
    }
  });

  it("reports a missing, corrupt or foreign file as a database error with a hint", () => {
    const { dir, cleanup } = tempDir();
    try {
      rejectsWith("DRYDOCK_DB_MISSING", () => openAdvisoryReader(join(dir, "none.db")));
      const garbage = join(dir, "garbage.db");
      writeFileSync(garbage, Buffer.alloc(8192, 7));
      rejectsWith("DRYDOCK_DB_CORRUPT", () => openAdvisoryReader(garbage), /garbage\.db/);
      const foreign = join(dir, "foreign.db");
      const db = new Database(foreign);
      db.exec("CREATE TABLE t (x)");
      db.close();
      rejectsWith("DRYDOCK_DB_CORRUPT", () => openAdvisoryReader(foreign), /not a drydock database/);
      rejectsWith("DRYDOCK_DB_CORRUPT", () => openAdvisoryReader(dir), /not a regular file/);
      const missing = runCli(["db", "status", "--db", join(dir, "none.db")]);
      assert.equal(missing.status, 4);
      assert.match(missing.stderr, /no vulnerability database at .*none\.db\nhint: .*drydock db import/);
      const corrupt = runCli(["db", "status", "--db", garbage]);
      assert.equal(corrupt.status, 4);
      assert.equal(corrupt.stderr.split("\n")[0]?.startsWith("drydock: database "), true);
      assert.doesNotMatch(corrupt.stderr, /at .*\.ts:\d+/, "no stack trace");
    } finally {
      cleanup();
    }
  });

  it("refuses to build over a corrupt database unless --fresh", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = join(dir, "a.db");
      writeFileSync(
        file,
        "this is not sqlite, just text that is long enough to look like a header".repeat(100),
      );
      await assert.rejects(
        buildDb(file, { "osv:x": [advisory("A")] }),
        (e) => isDrydockError(e) && e.code === "DRYDOCK_DB_CORRUPT",
      );
      await buildDb(file, { "osv:x": [advisory("A")] }, { fresh: true });
      const reader = openAdvisoryReader(file);
      assert.equal((await reader.metadata()).providers.length, 1);
      reader.close();
    } finally {
      cleanup();
    }
  });
});
