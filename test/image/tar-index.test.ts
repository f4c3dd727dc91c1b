import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { TarIndex } from "../../src/image/tar-index.js";
import type { DrydockError } from "../../src/model/index.js";
import { writeTarFile } from "../helpers/make-image.js";

/** One raw tar header block, written by hand so the reader is tested against the format, not tar-stream. */
function header(
  name: string,
  size: number,
  typeflag: string,
  options: { linkname?: string; magic?: "ustar" | "gnu" } = {},
): Buffer {
  const block = Buffer.alloc(512);
  block.write(name.slice(0, 100), 0, "utf8");
  block.write("0000644\0", 100);
  block.write("0000000\0", 108);
  block.write("0000000\0", 116);
  block.write(`${size.toString(8).padStart(11, "0")}\0`, 124);
  block.write("00000000000\0", 136);
  block.write(typeflag, 156);
  if (options.linkname) block.write(options.linkname, 157);
  if (options.magic === "gnu") block.write("ustar  \0", 257, "binary");
  else block.write("ustar\u000000", 257, "binary");
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "binary");
  return block;
}

function data(content: Buffer): Buffer {
  const padded = Buffer.alloc(Math.ceil(content.length / 512) * 512);
  content.copy(padded);
  return padded;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = body.length + 1;
  while (`${length}${body}`.length !== length) length++;
  return `${length}${body}`;
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-tar-index-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, blocks: Buffer[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, Buffer.concat([...blocks, Buffer.alloc(1024)]));
  return file;
}

async function readStream(index: TarIndex, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of index.open(name)) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString();
}

describe("TarIndex", () => {
  it("indexes members and streams a byte range without extracting", async () => {
    const a = Buffer.from("first member\n");
    const b = Buffer.from("x".repeat(1500));
    const file = await write("plain.tar", [
      header("./a.txt", a.length, "0"),
      data(a),
      header("dir/b.bin", b.length, "0"),
      data(b),
    ]);
    const index = await TarIndex.open(file);
    assert.deepEqual(index.names(), ["a.txt", "dir/b.bin"]);
    assert.equal(await readStream(index, "a.txt"), "first member\n");
    assert.equal(await readStream(index, "./dir//b.bin"), b.toString());
    assert.equal((await index.read("dir/b.bin", 10_000)).length, 1500);
    assert.equal((await index.head("dir/b.bin", 4)).toString(), "xxxx");
  });

  it("reads GNU long names and pax path/linkpath/size records", async () => {
    const longName = `${"d".repeat(120)}/file.txt`;
    const longLink = `${"l".repeat(130)}.txt`;
    const content = Buffer.from("long\n");
    const pax = Buffer.from(paxRecord("path", `pax/${"p".repeat(150)}`) + paxRecord("size", "5"));
    const file = await write("long.tar", [
      header("././@LongLink", longName.length + 1, "L", { magic: "gnu" }),
      data(Buffer.from(`${longName}\0`)),
      header(longName.slice(0, 100), content.length, "0", { magic: "gnu" }),
      data(content),
      header("PaxHeader", pax.length, "x"),
      data(pax),
      header("truncated-name", 0, "0"), // the pax size (5) wins over the header's 0
      data(content),
      header("././@LongLink", longLink.length, "K", { magic: "gnu" }),
      data(Buffer.from(longLink)),
      header("short-link", 0, "2", { magic: "gnu" }),
    ]);
    const index = await TarIndex.open(file);
    assert.equal(await readStream(index, longName), "long\n");
    assert.equal(await readStream(index, `pax/${"p".repeat(150)}`), "long\n");
    assert.equal(index.lookup("short-link")?.linkname, longLink);
  });

  it("resolves symlinks (on any path component) and hard links inside the archive", async () => {
    const file = join(dir, "links.tar");
    await writeTarFile(
      file,
      new Map<string, Buffer | { symlink: string }>([
        ["blobs/sha256/aaa", Buffer.from("blob")],
        ["legacy/layer.tar", { symlink: "../blobs/sha256/aaa" }],
        ["alias", { symlink: "blobs" }],
        ["abs", { symlink: "/blobs/sha256/aaa" }],
      ]),
    );
    const index = await TarIndex.open(file);
    assert.equal(index.resolve("legacy/layer.tar")?.name, "blobs/sha256/aaa");
    assert.equal(await readStream(index, "legacy/layer.tar"), "blob");
    assert.equal(await readStream(index, "alias/sha256/aaa"), "blob");
    assert.equal(await readStream(index, "abs"), "blob", "an absolute link is taken from the archive root");
    assert.equal(index.resolve("missing"), undefined);
  });

  it("refuses links that leave the archive and link loops", async () => {
    const file = join(dir, "escape.tar");
    await writeTarFile(
      file,
      new Map<string, Buffer | { symlink: string }>([
        ["out", { symlink: "../../etc/passwd" }],
        ["loop1", { symlink: "loop2" }],
        ["loop2", { symlink: "loop1" }],
      ]),
    );
    const index = await TarIndex.open(file, { label: "evil.tar" });
    assert.throws(
      () => index.resolve("out"),
      (e: DrydockError) => e.code === "DRYDOCK_TARGET_FORMAT" && /outside the archive/.test(e.message),
    );
    assert.throws(() => index.resolve("loop1"), /too many links/);
  });

  it("never indexes or looks up names with ..", async () => {
    const c = Buffer.from("secret");
    const file = await write("dotdot.tar", [
      header("../escape", c.length, "0"),
      data(c),
      header("ok", c.length, "0"),
      data(c),
    ]);
    const index = await TarIndex.open(file);
    assert.deepEqual(index.names(), ["ok"]);
    assert.deepEqual(index.unsafeNames, ["../escape"]);
    assert.throws(
      () => index.resolve("a/../ok"),
      (e: DrydockError) => e.code === "DRYDOCK_TARGET_FORMAT" && /\.\./.test(e.message),
    );
  });

  it("refuses truncated archives and bad checksums with a one-line error", async () => {
    const c = Buffer.from("y".repeat(2000));
    const whole = Buffer.concat([header("f", c.length, "0"), data(c)]);
    const truncated = join(dir, "truncated.tar");
    await writeFile(truncated, whole.subarray(0, 1200));
    await assert.rejects(TarIndex.open(truncated, { label: "t.tar" }), (e: DrydockError) => {
      assert.equal(e.code, "DRYDOCK_TARGET_FORMAT");
      assert.match(e.message, /^t\.tar: not a valid tar archive: truncated member data/);
      return true;
    });
    const bad = Buffer.from(whole);
    bad[0] = 0x5a;
    const badFile = join(dir, "checksum.tar");
    await writeFile(badFile, bad);
    await assert.rejects(TarIndex.open(badFile), /header checksum mismatch/);
    const empty = join(dir, "empty.tar");
    await writeFile(empty, "");
    await assert.rejects(TarIndex.open(empty), /empty file/);
  });

  it("lets a later member replace an earlier one of the same name", async () => {
    const one = Buffer.from("one");
    const two = Buffer.from("two!");
    const file = await write("dup.tar", [
      header("x", one.length, "0"),
      data(one),
      header("x", two.length, "0"),
      data(two),
    ]);
    const index = await TarIndex.open(file);
    assert.equal(await readStream(index, "x"), "two!");
  });

  it("reuses the headers of the archive it just indexed, never those of a rewritten one", async () => {
    const one = Buffer.from("one");
    const file = await write("again.tar", [header("a", one.length, "0"), data(one)]);
    const first = await TarIndex.open(file);
    const second = await TarIndex.open(file);
    assert.deepEqual(second.names(), first.names());
    assert.equal(await readStream(second, "a"), "one");
    // Same path, same size, other members: the file identity (times) changed, so it is read afresh.
    const other = Buffer.from("two");
    await write("again.tar", [header("b", other.length, "0"), data(other)]);
    const third = await TarIndex.open(file);
    assert.deepEqual(third.names(), ["b"]);
    assert.equal(await readStream(third, "b"), "two");
  });
});
