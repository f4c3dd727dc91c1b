import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSourceRpm } from "../../src/ecosystems/rpm/catalog/parse-source-rpm.js";
import { readRpmPackage } from "../../src/ecosystems/rpm/catalog/read-rpm-package.js";
import { parseRpmHeader, readRpmInts, readRpmString } from "../../src/ecosystems/rpm/catalog/rpm-header.js";
import { buildRpmHeader, packageHeader, T } from "./build-rpm-fixtures.js";

function read(blob: Buffer) {
  const h = parseRpmHeader(blob);
  if ("error" in h) return h;
  return readRpmPackage(h);
}

test("rpm header: every tag drydock keeps, file list from BASENAMES/DIRNAMES/DIRINDEXES", () => {
  const blob = packageHeader({
    name: "nodejs",
    version: "18.18.2",
    release: "2.module+el9.3.0+16066+c5a2c8f8",
    epoch: 1,
    arch: "x86_64",
    sourceRpm: "nodejs-18.18.2-2.module+el9.3.0+16066+c5a2c8f8.src.rpm",
    files: ["/usr/bin/node", "/usr/lib/node_modules/npm/package.json", "/usr/bin/npm"],
    extra: [
      { tag: 5096, type: T.string, value: "nodejs:18:9030020231101000000:rpm" },
      { tag: 1009, type: T.int32, value: [123456] },
    ],
  });
  const info = read(blob);
  assert.ok(!("error" in info), JSON.stringify(info));
  assert.deepEqual(
    { ...info, problems: info.problems },
    {
      name: "nodejs",
      version: "18.18.2",
      release: "2.module+el9.3.0+16066+c5a2c8f8",
      epoch: 1,
      arch: "x86_64",
      sourceRpm: "nodejs-18.18.2-2.module+el9.3.0+16066+c5a2c8f8.src.rpm",
      license: "MIT",
      vendor: "Test Vendor",
      modularityLabel: "nodejs:18:9030020231101000000:rpm",
      size: 123456,
      files: ["/usr/bin/node", "/usr/lib/node_modules/npm/package.json", "/usr/bin/npm"],
      problems: [],
    },
  );
});

test("rpm header: legacy OLDFILENAMES, no region, entries after the region override it", () => {
  const legacy = buildRpmHeader(
    [
      { tag: 1000, type: T.string, value: "old" },
      { tag: 1001, type: T.string, value: "1.0" },
      { tag: 1002, type: T.string, value: "1" },
      { tag: 1027, type: T.stringArray, value: ["/etc/old.conf", "/usr/bin/old"] },
    ],
    { region: false },
  );
  const info = read(legacy);
  assert.ok(!("error" in info), '!("error" in info)');
  assert.deepEqual(info.files, ["/etc/old.conf", "/usr/bin/old"]);

  // A "dribble" entry (outside the immutable region) replaces the region's value.
  const blob = buildRpmHeader([
    { tag: 1000, type: T.string, value: "pkg" },
    { tag: 1001, type: T.string, value: "1.0" },
    { tag: 1002, type: T.string, value: "1" },
    { tag: 1011, type: T.string, value: "Original" },
  ]);
  const il = blob.readInt32BE(0);
  const dl = blob.readInt32BE(4);
  const extra = Buffer.from("Replaced\0");
  const out = Buffer.alloc(8 + (il + 1) * 16 + dl + extra.length);
  out.writeInt32BE(il + 1, 0);
  out.writeInt32BE(dl + extra.length, 4);
  blob.copy(out, 8, 8, 8 + il * 16);
  const at = 8 + il * 16;
  out.writeInt32BE(1011, at);
  out.writeInt32BE(T.string, at + 4);
  out.writeInt32BE(dl, at + 8);
  out.writeInt32BE(1, at + 12);
  blob.copy(out, 8 + (il + 1) * 16, 8 + il * 16);
  extra.copy(out, 8 + (il + 1) * 16 + dl);
  const h = parseRpmHeader(out);
  assert.ok(!("error" in h), '!("error" in h)');
  assert.equal(readRpmString(h, 1011), "Replaced");
});

test("hostile rpm headers: huge counts, negative sizes, offsets out of range give errors, never throws", () => {
  const good = packageHeader({ name: "a", version: "1", release: "1", arch: "noarch", files: ["/a/b"] });
  const cases: [string, Buffer, RegExp][] = [];
  const huge = Buffer.from(good);
  huge.writeInt32BE(0x7fffffff, 0);
  cases.push(["index count huge", huge, /index count/]);
  const negative = Buffer.from(good);
  negative.writeInt32BE(-5, 4);
  cases.push(["negative data length", negative, /data length/]);
  const lying = Buffer.from(good);
  lying.writeInt32BE(lying.readInt32BE(4) + 1000, 4);
  cases.push(["data length past the blob", lying, /blob has/]);
  cases.push(["too short", Buffer.from([0, 0, 0]), /too short/]);
  const badRegion = Buffer.from(good);
  badRegion.writeInt32BE(0x7ffffff0, 16);
  cases.push(["region offset out of range", badRegion, /region trailer/]);
  for (const [what, blob, message] of cases) {
    const h = parseRpmHeader(blob);
    assert.ok("error" in h, what);
    assert.match(h.error, message, what);
  }
});

test("hostile rpm headers: a bad entry is dropped with a problem, the rest still reads", () => {
  const blob = packageHeader({
    name: "a",
    version: "1",
    release: "1",
    arch: "noarch",
    files: ["/a/b", "/a/c"],
  });
  const il = blob.readInt32BE(0);
  const entryOf = (tag: number): number => {
    for (let i = 0; i < il; i++) if (blob.readInt32BE(8 + i * 16) === tag) return 8 + i * 16;
    throw new Error(`no tag ${tag}`);
  };
  const offsets = Buffer.from(blob);
  offsets.writeInt32BE(-4, entryOf(1022) + 8); // ARCH offset negative
  offsets.writeInt32BE(0x3fffffff, entryOf(1116) + 12); // DIRINDEXES count huge
  offsets.writeInt32BE(99, entryOf(1014) + 4); // LICENSE type unknown
  const h = parseRpmHeader(offsets);
  assert.ok(!("error" in h), '!("error" in h)');
  assert.equal(h.problems.length, 3);
  assert.equal(readRpmInts(h, 1116), undefined);
  const info = readRpmPackage(h);
  assert.ok(!("error" in info), '!("error" in info)');
  assert.equal(info.name, "a");
  assert.equal(info.arch, undefined);
  assert.equal(info.license, undefined);
  assert.deepEqual(info.files, []);
  assert.ok(
    info.problems.some((p) => p.includes("file list")),
    'info.problems.some((p) => p.includes("file list"))',
  );

  // A dir index pointing past DIRNAMES, and a string without its terminator.
  const dirIndex = Buffer.from(blob);
  const dataStart = 8 + il * 16;
  dirIndex.writeInt32BE(7, dataStart + dirIndex.readInt32BE(entryOf(1116) + 8));
  const info2 = read(dirIndex);
  assert.ok(!("error" in info2), '!("error" in info2)');
  assert.deepEqual(info2.files, []);
  assert.ok(
    info2.problems.some((p) => p.includes("directory index 7")),
    'info2.problems.some((p) => p.includes("directory index 7"))',
  );

  const noName = buildRpmHeader([{ tag: 1001, type: T.string, value: "1" }]);
  const missing = read(noName);
  assert.ok("error" in missing, '"error" in missing');
  assert.match(missing.error, /NAME/);
});

test("hostile rpm headers: random bytes never throw and never allocate beyond the blob", () => {
  let x = 7;
  for (let round = 0; round < 300; round++) {
    const blob = Buffer.alloc(64 + (round % 50) * 16);
    for (let i = 0; i < blob.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      blob[i] = x >>> 16;
    }
    // Plausible small counts so the entry checks, not the header checks, are exercised.
    blob.writeInt32BE(1 + (round % 4), 0);
    blob.writeInt32BE(blob.length - 8 - (1 + (round % 4)) * 16, 4);
    const h = parseRpmHeader(blob);
    if ("error" in h) continue;
    const info = readRpmPackage(h);
    if (!("error" in info)) assert.ok(info.files.length <= blob.length, "info.files.length <= blob.length");
  }
});

test("SOURCERPM file names split into source name, version and release", () => {
  assert.deepEqual(parseSourceRpm("openssl-3.0.7-24.el9.src.rpm"), {
    name: "openssl",
    version: "3.0.7",
    release: "24.el9",
  });
  assert.deepEqual(parseSourceRpm("python3.9-3.9.18-1.el9.src.rpm"), {
    name: "python3.9",
    version: "3.9.18",
    release: "1.el9",
  });
  assert.deepEqual(parseSourceRpm("gcc11-11.2.1+git610-1.3.9.nosrc.rpm"), {
    name: "gcc11",
    version: "11.2.1+git610",
    release: "1.3.9",
  });
  assert.equal(parseSourceRpm("(none)"), undefined);
  assert.equal(parseSourceRpm("noversion.src.rpm"), undefined);
});
