import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import {
  describeSource,
  digestFiles,
  peekText,
  rateCvss,
  readCsvRows,
  readLines,
  readZipEntries,
  streamJsonArrayItems,
  walkInputFiles,
} from "../../src/feeds/index.js";
import { isDrydockError } from "../../src/model/index.js";
import { tempDir } from "./feed-test-helpers.js";
import { makeZip } from "./make-zip.js";

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  yield* parts;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("streamJsonArrayItems", () => {
  it("yields the elements of a named root property, across chunk boundaries", async () => {
    const doc =
      '{"format":"vulnerabilities","n":{"vulnerabilities":[9]},"vulnerabilities":[{"a":"]\\"}"},[1,2], 3 ,"s,]",{}],"z":1}';
    // Split the document into every possible pair of chunks: the result must not depend on where.
    for (let cut = 0; cut <= doc.length; cut += 7) {
      const items = await collect(
        streamJsonArrayItems(chunks(doc.slice(0, cut), doc.slice(cut)), "vulnerabilities"),
      );
      assert.deepEqual(
        items.map((i) => JSON.parse(i)),
        [{ a: ']"}' }, [1, 2], 3, "s,]", {}],
        `cut at ${cut}`,
      );
    }
  });

  it("reads a root array when no key is given", async () => {
    const items = await collect(streamJsonArrayItems(chunks(' [1, {"a":[2]}, "x" ]')));
    assert.deepEqual(items, ["1", '{"a":[2]}', '"x"']);
  });

  it("handles an empty array and keys split across chunks", async () => {
    assert.deepEqual(
      await collect(streamJsonArrayItems(chunks('{"vulner', 'abilities": []}'), "vulnerabilities")),
      [],
    );
  });

  it("fails on a truncated document or a missing array", async () => {
    await assert.rejects(
      collect(streamJsonArrayItems(chunks('{"vulnerabilities":[{"a":1},{"b":'), "vulnerabilities")),
      /truncated/,
    );
    await assert.rejects(
      collect(streamJsonArrayItems(chunks('{"other":[1]}'), "vulnerabilities")),
      /no "vulnerabilities" array/,
    );
    await assert.rejects(collect(streamJsonArrayItems(chunks('{"a":1}'))), /not a JSON array/);
  });
});

describe("readCsvRows", () => {
  it("parses quoted fields with separators, doubled quotes and line breaks", async () => {
    const rows = await collect(
      readCsvRows(chunks('a,"b,1","say ""hi""', '"\r\n\n"multi\nline",x,\n', "last,row")),
    );
    assert.deepEqual(rows, [
      ["a", "b,1", 'say "hi"'],
      ["multi\nline", "x", ""],
      ["last", "row"],
    ]);
  });

  it("reads another separator and rejects an unterminated quote", async () => {
    assert.deepEqual(await collect(readCsvRows(chunks("CVE-1;0.1;0.2\n"), ";")), [["CVE-1", "0.1", "0.2"]]);
    await assert.rejects(collect(readCsvRows(chunks('a,"open'))), /quoted field/);
  });
});

describe("readLines", () => {
  it("splits LF and CRLF lines across chunks and keeps a last line without newline", async () => {
    assert.deepEqual(await collect(readLines(chunks("a\r", "\nb\nc", "d\n\ne"))), ["a", "b", "cd", "", "e"]);
  });
});

describe("input helpers", () => {
  it("peeks into gzip files and digests inputs in order", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const gz = join(dir, "x.json.gz");
      writeFileSync(gz, gzipSync(Buffer.from('{"format":"NVD_CVE","x":1}')));
      assert.match((await peekText(gz)) ?? "", /"format":"NVD_CVE"/);
      const a = join(dir, "a");
      const b = join(dir, "b");
      writeFileSync(a, "hello ");
      writeFileSync(b, "world");
      // sha256("hello world")
      assert.equal(
        await digestFiles([a, b]),
        "sha256:b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9",
      );
      await assert.rejects(
        digestFiles([join(dir, "nope")]),
        (e) => isDrydockError(e) && e.code === "DRYDOCK_FEED_UNREADABLE",
      );
    } finally {
      cleanup();
    }
  });

  it("walks folders in name order, skipping hidden entries", async () => {
    const { dir, cleanup } = tempDir();
    try {
      mkdirSync(join(dir, "b", "c"), { recursive: true });
      mkdirSync(join(dir, ".git"));
      writeFileSync(join(dir, "b", "c", "2.json"), "{}");
      writeFileSync(join(dir, "a.json"), "{}");
      writeFileSync(join(dir, ".git", "x"), "");
      const files = await walkInputFiles([dir]);
      assert.deepEqual(
        files.map((f) => f.relativePath),
        ["a.json", join("b", "c", "2.json")],
      );
      assert.equal(describeSource(files.map((f) => f.file)), dir);
      await assert.rejects(walkInputFiles([join(dir, "missing")]), /cannot be read/);
    } finally {
      cleanup();
    }
  });

  it("iterates zip entries and reports a bad zip as an unreadable feed", async () => {
    const { dir, cleanup } = tempDir();
    try {
      const zip = join(dir, "x.zip");
      writeFileSync(zip, makeZip({ "a.json": '{"id":"A"}', "d/b.txt": "bee" }));
      const seen: string[] = [];
      for await (const e of readZipEntries(zip)) seen.push(`${e.name}=${await e.text()}`);
      assert.deepEqual(seen, ['a.json={"id":"A"}', "d/b.txt=bee"]);
      const tampered = makeZip({ "a.json": '{"id":"A"}' });
      tampered.writeUInt32LE(0xdeadbeef, tampered.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 16);
      const crcZip = join(dir, "crc.zip");
      writeFileSync(crcZip, tampered);
      await assert.rejects(
        (async () => {
          for await (const e of readZipEntries(crcZip)) await e.text();
        })(),
        /crc\.zip!a\.json: cannot be read: CRC-32 mismatch/,
      );
      const bad = join(dir, "bad.zip");
      writeFileSync(bad, "not a zip at all");
      await assert.rejects(collect(readZipEntries(bad)), (e) => {
        assert.ok(isDrydockError(e));
        assert.equal(e.code, "DRYDOCK_FEED_UNREADABLE");
        assert.match(e.message, /bad\.zip/);
        return true;
      });
    } finally {
      cleanup();
    }
  });
});

describe("rateCvss", () => {
  it("scores v2, v3.1 and v4.0 vectors", () => {
    const v31 = rateCvss("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "nvd");
    assert.deepEqual(
      { severity: v31.severity, score: v31.score, version: v31.cvssVersion },
      { severity: "critical", score: 9.8, version: "3.1" },
    );
    const v2 = rateCvss("AV:N/AC:L/Au:N/C:C/I:C/A:C", "nvd");
    assert.equal(v2.score, 10);
    assert.equal(v2.severity, "high", "CVSS v2 has no critical band");
    const v4 = rateCvss("CVSS:4.0/AV:N/AC:H/AT:N/PR:N/UI:N/VC:L/VI:L/VA:L/SC:N/SI:N/SA:N", "x");
    assert.equal(v4.cvssVersion, "4.0");
    assert.equal(v4.score, 6.3);
    assert.equal(v4.severity, "medium");
  });

  it("falls back to the printed score or word for a vector it cannot score", () => {
    const r = rateCvss("CVSS:3.1/AV:Q", "x", { score: 7.5 });
    assert.equal(r.severity, "high");
    assert.equal(r.score, 7.5);
    assert.equal(rateCvss("garbage", "x", { severity: "MODERATE" }).severity, "medium");
    assert.equal(rateCvss("garbage", "x").severity, "unknown");
  });
});

describe("streamJsonArrayItems limits", () => {
  it("refuses an element larger than the limit", async () => {
    const big = `{"vulnerabilities":[{"a":"${"x".repeat(100)}"`;
    await assert.rejects(
      collect(
        streamJsonArrayItems(
          chunks(big.slice(0, 30), big.slice(30, 60), big.slice(60), "}]}"),
          "vulnerabilities",
          50,
        ),
      ),
      /larger than 50/,
    );
  });
});
