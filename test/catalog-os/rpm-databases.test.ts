import assert from "node:assert/strict";
import { test } from "node:test";
import Database from "better-sqlite3";
import { ProblemLog } from "../../src/ecosystems/rpm/catalog/problem-log.js";
import { type BdbEntry, readBdbHash } from "../../src/ecosystems/rpm/catalog/read-bdb-hash.js";
import { readNdb } from "../../src/ecosystems/rpm/catalog/read-ndb.js";
import { readSqliteRpmdb } from "../../src/ecosystems/rpm/catalog/read-sqlite-rpmdb.js";
import { rpm } from "../../src/ecosystems/rpm/index.js";
import { buildBdbHash, buildNdb, hnumKey, packageHeader } from "./build-rpm-fixtures.js";
import { runCatalogers } from "./run-catalogers.js";

/** Runs a streaming reader and collects what it hands over, with every problem kept. */
function collect<T>(
  read: (onItem: (item: T) => boolean, log: ProblemLog) => { error: string } | undefined,
): { items: T[]; problems: string[] } | { error: string } {
  const items: T[] = [];
  const log = new ProblemLog(1000);
  const failed = read((item) => {
    items.push(item);
    return true;
  }, log);
  return failed ?? { items, problems: log.messages() };
}
const bdb = (bytes: Uint8Array) => collect<BdbEntry>((on, log) => readBdbHash(bytes, on, log));
const ndb = (bytes: Uint8Array) => collect<Uint8Array>((on, log) => readNdb(bytes, on, log));
const sqlite = (bytes: Uint8Array) => collect<Uint8Array>((on, log) => readSqliteRpmdb(bytes, on, log));

const bash = packageHeader({
  name: "bash",
  version: "5.1.8",
  release: "6.el9_1",
  arch: "x86_64",
  sourceRpm: "bash-5.1.8-6.el9_1.src.rpm",
  files: ["/usr/bin/bash", "/usr/share/doc/bash/README"],
});
const openssl = packageHeader({
  name: "openssl-libs",
  version: "3.0.7",
  release: "24.el9",
  epoch: 1,
  arch: "x86_64",
  sourceRpm: "openssl-3.0.7-24.el9.src.rpm",
  files: ["/usr/lib64/libssl.so.3"],
});
const pubkey = packageHeader({ name: "gpg-pubkey", version: "24e67c86", release: "6b0af96c" });

function names(packages: { name: string; version: string }[]): string[] {
  return packages.map((p) => `${p.name}@${p.version}`).sort();
}

for (const little of [true, false]) {
  test(`Berkeley DB hash (${little ? "little" : "big"}-endian): inline and overflow values, record 0 skipped`, async () => {
    const file = buildBdbHash(
      [
        { key: hnumKey(0, little), value: hnumKey(3, little) },
        { key: hnumKey(1, little), value: bash },
        { key: hnumKey(2, little), value: openssl },
        { key: hnumKey(3, little), value: pubkey },
      ],
      { little, pageSize: 512, inlineMax: 8 },
    );
    const raw = bdb(file);
    assert.ok(!("error" in raw), '!("error" in raw)');
    assert.equal(raw.items.length, 4);
    assert.deepEqual(Buffer.from(raw.items[1]!.value), bash);
    const { packages, diagnostics } = await runCatalogers(rpm.catalogers, { "/var/lib/rpm/Packages": file });
    assert.deepEqual(diagnostics, []);
    assert.deepEqual(names(packages), ["bash@5.1.8-6.el9_1", "openssl-libs@1:3.0.7-24.el9"]);
    const ssl = packages.find((p) => p.name === "openssl-libs")!;
    assert.deepEqual(ssl.source, { name: "openssl", version: "1:3.0.7-24.el9" });
    assert.deepEqual(ssl.metadata, {
      release: "24.el9",
      epoch: 1,
      arch: "x86_64",
      sourceRpm: "openssl-3.0.7-24.el9.src.rpm",
      vendor: "Test Vendor",
    });
    assert.deepEqual(ssl.ownedFiles, ["/usr/lib64/libssl.so.3"]);
    assert.deepEqual(ssl.licenses, ["MIT"]);
  });
}

test("hostile Berkeley DB: looping and shared overflow chains, truncation, bad magic", () => {
  const file = buildBdbHash(
    [
      { key: hnumKey(1), value: bash },
      { key: hnumKey(2), value: openssl },
    ],
    { pageSize: 512, inlineMax: 8 },
  );
  const pageSize = 512;
  // Find the hash page's off-page items and point the second at the first one's chain.
  const hash = file.subarray(pageSize, 2 * pageSize);
  const count = hash.readUInt16LE(20);
  const offPage: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = hash.readUInt16LE(26 + i * 2);
    if (hash[at] === 3) offPage.push(at);
  }
  assert.equal(offPage.length, 2);
  const shared = Buffer.from(file);
  shared.writeUInt32LE(hash.readUInt32LE(offPage[0]! + 4), pageSize + offPage[1]! + 4);
  const r1 = bdb(shared);
  assert.ok(!("error" in r1), '!("error" in r1)');
  assert.equal(r1.items.length, 1);
  assert.ok(
    r1.problems.some((p) => p.includes("breaks")),
    'r1.problems.some((p) => p.includes("breaks"))',
  );

  // An overflow chain whose first page's "next" points back to itself.
  const files = Array.from({ length: 200 }, (_, i) => `/usr/share/doc/big/file-${i}.txt`);
  const big = packageHeader({ name: "big", version: "1", release: "1", files });
  assert.ok(big.length > 3 * pageSize, "the value spans several overflow pages");
  const loop = buildBdbHash([{ key: hnumKey(1), value: big }], { pageSize, inlineMax: 8 });
  const loopHash = loop.subarray(pageSize, 2 * pageSize);
  const first = loopHash.readUInt32LE(loopHash.readUInt16LE(28) + 4);
  loop.writeUInt32LE(first, first * pageSize + 16);
  const r2 = bdb(loop);
  assert.ok(!("error" in r2), '!("error" in r2)');
  assert.equal(r2.items.length, 0);
  assert.ok(
    r2.problems.some((p) => p.includes("breaks")),
    'r2.problems.some((p) => p.includes("breaks"))',
  );

  // Huge total length in an off-page item.
  const huge = Buffer.from(file);
  huge.writeUInt32LE(0xffffffff, pageSize + offPage[0]! + 8);
  const r3 = bdb(huge);
  assert.ok(!("error" in r3), '!("error" in r3)');
  assert.ok(
    r3.problems.some((p) => p.includes("cannot fit")),
    'r3.problems.some((p) => p.includes("cannot fit"))',
  );

  const truncated = file.subarray(0, 3 * pageSize);
  const r4 = bdb(truncated);
  assert.ok(!("error" in r4), '!("error" in r4)');
  assert.ok(
    r4.problems.some((p) => p.includes("truncated")),
    'r4.problems.some((p) => p.includes("truncated"))',
  );

  const r5 = bdb(Buffer.alloc(4096, 0x55));
  assert.ok("error" in r5, '"error" in r5');
});

test("NDB Packages.db: slots and blobs read; corrupt slots and blobs reported", async () => {
  const file = buildNdb([bash, pubkey, openssl]);
  const { packages, diagnostics } = await runCatalogers(rpm.catalogers, {
    "/usr/lib/sysimage/rpm/Packages.db": file,
  });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(names(packages), ["bash@5.1.8-6.el9_1", "openssl-libs@1:3.0.7-24.el9"]);

  const badChecksum = Buffer.from(file);
  badChecksum.writeUInt8(badChecksum.readUInt8(4096 + 40) ^ 0xff, 4096 + 40); // inside bash's header
  const r1 = ndb(badChecksum);
  assert.ok(!("error" in r1), '!("error" in r1)');
  assert.equal(r1.items.length, 3);
  assert.ok(
    r1.problems.some((p) => p.includes("checksum")),
    'r1.problems.some((p) => p.includes("checksum"))',
  );

  const outside = Buffer.from(file);
  outside.writeUInt32LE(0x0fffffff, 32 + 8); // first slot's block offset
  const r2 = ndb(outside);
  assert.ok(!("error" in r2), '!("error" in r2)');
  assert.equal(r2.items.length, 2);
  assert.ok(
    r2.problems.some((p) => p.includes("outside the file")),
    'r2.problems.some((p) => p.includes("outside the file"))',
  );

  const slotPages = Buffer.from(file);
  slotPages.writeUInt32LE(1_000_000, 12);
  assert.ok("error" in ndb(slotPages), '"error" in ndb(slotPages)');
});

test("SQLite rpmdb in WAL mode: opened in memory, read-only, without -wal/-shm files", async () => {
  const db = new Database(":memory:");
  db.exec("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL)");
  const insert = db.prepare("INSERT INTO Packages (blob) VALUES (?)");
  for (const blob of [bash, openssl, pubkey]) insert.run(blob);
  const bytes = db.serialize();
  db.close();
  bytes[18] = 2; // as rpm leaves it: WAL journal mode
  bytes[19] = 2;
  const { packages, diagnostics } = await runCatalogers(rpm.catalogers, {
    "/var/lib/rpm/rpmdb.sqlite": bytes,
  });
  assert.deepEqual(diagnostics, []);
  assert.deepEqual(names(packages), ["bash@5.1.8-6.el9_1", "openssl-libs@1:3.0.7-24.el9"]);
  assert.equal(bytes[18], 2, "the caller's bytes are not modified");
});

test("hostile SQLite rpmdb: a view instead of a table, corrupt pages, not SQLite at all", async () => {
  const db = new Database(":memory:");
  db.exec(
    "CREATE VIEW Packages AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS hnum, x'00' AS blob FROM n",
  );
  const view = db.serialize();
  db.close();
  const r1 = sqlite(view);
  assert.ok("error" in r1, '"error" in r1');
  assert.match(r1.error, /no Packages table/);

  const good = new Database(":memory:");
  good.exec("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB NOT NULL)");
  for (let i = 0; i < 50; i++) good.prepare("INSERT INTO Packages (blob) VALUES (?)").run(bash);
  const bytes = good.serialize();
  good.close();
  for (let at = 4096; at < bytes.length; at += 7) bytes[at] = 0xa5;
  const r2 = sqlite(bytes);
  if ("error" in r2) assert.match(r2.error, /SQLite could not read/);
  const { diagnostics } = await runCatalogers(rpm.catalogers, { "/var/lib/rpm/rpmdb.sqlite": bytes });
  assert.ok(diagnostics.length > 0, "diagnostics.length > 0");

  const notSqlite = sqlite(Buffer.from("SQLite format 2\0".padEnd(200, "x")));
  assert.ok("error" in notSqlite, '"error" in notSqlite');
});

test("an image with both a Berkeley DB and an SQLite rpmdb lists each package once", async () => {
  const db = new Database(":memory:");
  db.exec("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB NOT NULL)");
  db.prepare("INSERT INTO Packages (blob) VALUES (?)").run(bash);
  const sqlite = db.serialize();
  db.close();
  const bdb = buildBdbHash([{ key: hnumKey(1), value: bash }], { inlineMax: 8 });
  const { packages } = await runCatalogers(rpm.catalogers, {
    "/var/lib/rpm/Packages": bdb,
    "/var/lib/rpm/rpmdb.sqlite": sqlite,
  });
  assert.deepEqual(names(packages), ["bash@5.1.8-6.el9_1"]);
});

test("rpm purl: distro namespace, epoch as a qualifier, SRPM as upstream", async () => {
  const { packages } = await runCatalogers(rpm.catalogers, {
    "/usr/lib/sysimage/rpm/Packages.db": buildNdb([openssl]),
  });
  assert.equal(
    rpm.purl(packages[0]!, { id: "rocky", versionId: "9.3" }),
    "pkg:rpm/rocky/openssl-libs@3.0.7-24.el9?arch=x86_64&distro=rocky-9.3&epoch=1&upstream=openssl-3.0.7-24.el9.src.rpm",
  );
});

test("Azure Linux distroless container-manifest-2: rpm -qa lines become packages", async () => {
  const manifest = [
    "filesystem\t1.1-20.azl3\t1717000000\t1716000000\tMicrosoft Corporation\t(none)\t7596\tx86_64\t0\tfilesystem-1.1-20.azl3.src.rpm",
    "openssl-libs\t3.3.2-1.azl3\t1717000000\t1716000000\tMicrosoft Corporation\t1\t5000000\tx86_64\t1\topenssl-3.3.2-1.azl3.src.rpm",
    "garbage line",
  ].join("\n");
  const { packages, diagnostics } = await runCatalogers(rpm.catalogers, {
    "/var/lib/rpmmanifest/container-manifest-2": manifest,
  });
  assert.deepEqual(names(packages), ["filesystem@1.1-20.azl3", "openssl-libs@1:3.3.2-1.azl3"]);
  const ssl = packages.find((p) => p.name === "openssl-libs")!;
  assert.equal(ssl.foundBy, "rpm-manifest-cataloger");
  assert.deepEqual(ssl.source, { name: "openssl", version: "1:3.3.2-1.azl3" });
  assert.deepEqual(ssl.metadata, {
    release: "1.azl3",
    epoch: 1,
    arch: "x86_64",
    sourceRpm: "openssl-3.3.2-1.azl3.src.rpm",
    vendor: "Microsoft Corporation",
    size: 5000000,
  });
  assert.deepEqual(
    diagnostics.map((d) => d.message),
    ["/var/lib/rpmmanifest/container-manifest-2: 1 lines are not package entries (first at line 3)"],
  );
});

test("hostile rpm databases: thousands of bad records give a bounded number of diagnostics", async () => {
  const blobs = Array.from({ length: 250 }, () => Buffer.from([0, 0, 0, 1, 0, 0, 0, 0]));
  const file = buildNdb(blobs);
  const { packages, diagnostics } = await runCatalogers(rpm.catalogers, {
    "/usr/lib/sysimage/rpm/Packages.db": file,
  });
  assert.equal(packages.length, 0);
  assert.equal(diagnostics.length, 21);
  assert.match(diagnostics[20]!.message, /230 more problems/);
});
