import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { freshFileBuffers, reusedFileBuffers } from "../../src/fs/file-buffers.js";
import type { SelectedFile } from "../../src/fs/index.js";
import { makeLayer, readLayerBuffer, streamOf } from "./helpers/make-layer.js";

/** Allocates a file of `size` bytes filled with `fill`, as the reader would, and keeps it. */
function put(
  buffers: ReturnType<typeof reusedFileBuffers>,
  path: string,
  size: number,
  fill: number,
): Buffer {
  const bytes = buffers.allocate(size);
  bytes.fill(fill);
  buffers.keep(path, bytes);
  return bytes;
}

/** The sizes of the Buffer allocations made while `run` runs. */
async function allocationsDuring(run: () => unknown): Promise<number[]> {
  const { allocUnsafe, allocUnsafeSlow } = Buffer;
  const sizes: number[] = [];
  Buffer.allocUnsafe = (size: number) => {
    sizes.push(size);
    return allocUnsafe(size);
  };
  Buffer.allocUnsafeSlow = (size: number) => {
    sizes.push(size);
    return allocUnsafeSlow(size);
  };
  try {
    await run();
  } finally {
    Buffer.allocUnsafe = allocUnsafe;
    Buffer.allocUnsafeSlow = allocUnsafeSlow;
  }
  return sizes;
}

describe("reusedFileBuffers", () => {
  it("keeps files until the ring overwrites them, oldest first", () => {
    const buffers = reusedFileBuffers(10, 100);
    put(buffers, "/a", 4, 0x61);
    put(buffers, "/b", 4, 0x62);
    assert.equal(buffers.kept("/a")?.toString(), "aaaa");
    assert.equal(buffers.kept("/b")?.toString(), "bbbb");
    // 8 + 4 > 10: wraps to the start and overwrites /a only.
    put(buffers, "/c", 4, 0x63);
    assert.equal(buffers.kept("/a"), undefined);
    assert.equal(buffers.kept("/b")?.toString(), "bbbb");
    assert.equal(buffers.kept("/c")?.toString(), "cccc");
    // [4,9): overwrites /b; /c stays.
    put(buffers, "/d", 5, 0x64);
    assert.equal(buffers.kept("/b"), undefined);
    assert.equal(buffers.kept("/c")?.toString(), "cccc");
    assert.equal(buffers.kept("/d")?.toString(), "ddddd");
  });

  it("a wrap gives up what is left of the previous lap", () => {
    const buffers = reusedFileBuffers(10, 100);
    put(buffers, "/p", 7, 0x70); // lap 0 [0,7)
    put(buffers, "/q", 3, 0x71); // lap 0 [7,10)
    put(buffers, "/r", 4, 0x72); // lap 1 [0,4): /p overwritten
    // 4 + 7 > 10: lap 2 [0,7) overwrites /r; /q, two laps old, goes though its bytes survive
    // (kept entries span at most the previous lap and this one).
    put(buffers, "/s", 7, 0x73);
    assert.deepEqual(
      ["/p", "/q", "/r", "/s"].map((p) => buffers.kept(p)?.toString() ?? "-"),
      ["-", "-", "-", "sssssss"],
    );
  });

  it("reuses its memory: no allocation per file", async () => {
    const buffers = reusedFileBuffers(1024, 1 << 20);
    const allocations = await allocationsDuring(() => {
      for (let i = 0; i < 500; i++) put(buffers, `/f${i}`, 100 + (i % 7) * 50, i & 0xff);
    });
    assert.deepEqual(allocations, [1024], "one ring for 500 files");
  });

  it("files larger than the ring share one scratch buffer and are never kept", async () => {
    const buffers = reusedFileBuffers(10, 1000);
    put(buffers, "/small", 4, 0x73);
    const allocations = await allocationsDuring(() => {
      put(buffers, "/big1", 50, 0x31);
      put(buffers, "/big2", 30, 0x32);
      put(buffers, "/big3", 20, 0x33);
    });
    assert.equal(allocations.length, 1);
    assert.ok(allocations[0]! >= 50);
    assert.equal(buffers.kept("/big1"), undefined);
    assert.equal(buffers.kept("/big3"), undefined);
    assert.equal(buffers.kept("/small")?.toString(), "ssss", "the ring is untouched");
    const big = buffers.allocate(400);
    assert.equal(big.length, 400);
  });

  it("keeps only the file just allocated (a hard link's bytes stay under its target)", () => {
    const buffers = reusedFileBuffers(100, 1000);
    const a = put(buffers, "/a", 4, 0x61);
    put(buffers, "/b", 4, 0x62);
    buffers.keep("/link-to-a", a);
    assert.equal(buffers.kept("/link-to-a"), undefined);
    assert.equal(buffers.kept("/a")?.toString(), "aaaa");
  });

  it("empty files are kept too; clear drops everything", () => {
    const buffers = reusedFileBuffers(8, 100);
    put(buffers, "/empty", 0, 0);
    put(buffers, "/x", 8, 0x78);
    assert.equal(buffers.kept("/empty")?.length, 0);
    buffers.clear();
    assert.equal(buffers.kept("/x"), undefined);
    assert.equal(buffers.allocate(3).length, 3);
  });
});

describe("freshFileBuffers", () => {
  it("a new buffer per file; keeps the newest up to the cap", () => {
    const buffers = freshFileBuffers(10);
    const a = buffers.allocate(4);
    a.fill(0x61);
    buffers.keep("/a", a);
    const b = buffers.allocate(7);
    b.fill(0x62);
    buffers.keep("/b", b);
    assert.equal(buffers.kept("/a"), undefined, "4 + 7 > 10: the oldest goes");
    assert.equal(buffers.kept("/b")?.toString(), "bbbbbbb");
    assert.equal(a.toString(), "aaaa", "a dropped file's bytes stay the caller's");
  });
});

describe("readLayer with reuseBuffers", () => {
  /** Snapshots each file's bytes inside onFile: they are valid only there. */
  function snapshotter(): { seen: string[]; onFile: (file: SelectedFile) => void } {
    const seen: string[] = [];
    return { seen, onFile: (file) => void seen.push(`${file.path}=${file.bytes.toString()}`) };
  }

  /** Reads every file of `tar` with reused buffers; what onFile saw and how often the layer was reopened. */
  async function readAllReused(
    tar: Buffer,
    limits?: { maxRetainedBytes: number },
  ): Promise<{ seen: string[]; reopened: number }> {
    const { seen, onFile } = snapshotter();
    let reopened = 0;
    await readLayerBuffer(tar, {
      select: () => true,
      onFile,
      reuseBuffers: true,
      ...(limits ? { limits } : {}),
      reopen: async () => {
        reopened++;
        return streamOf(tar);
      },
    });
    return { seen, reopened };
  }

  it("hands every selected file's bytes to onFile, as fresh buffers would", async () => {
    const entries = Array.from({ length: 40 }, (_, i) => ({
      name: `usr/bin/tool${i}`,
      content: `#${i}:`.padEnd(10 + ((i * 37) % 90), String.fromCharCode(97 + (i % 26))),
      mode: 0o755,
    }));
    const tar = await makeLayer(entries);
    const sizes = new Set(entries.map((e) => e.content.length));
    const fresh = snapshotter();
    const freshAllocations = await allocationsDuring(() =>
      readLayerBuffer(tar, { select: () => true, onFile: fresh.onFile, chunkSize: 100 }),
    );
    const reused = snapshotter();
    const reusedAllocations = await allocationsDuring(() =>
      readLayerBuffer(tar, {
        select: () => true,
        onFile: reused.onFile,
        reuseBuffers: true,
        limits: { maxRetainedBytes: 333 },
        chunkSize: 100,
      }),
    );
    assert.deepEqual(reused.seen, fresh.seen);
    assert.equal(reused.seen.length, 40);
    assert.equal(freshAllocations.filter((size) => sizes.has(size)).length, 40, "a buffer per file");
    assert.deepEqual(
      reusedAllocations.filter((size) => sizes.has(size) || size === 333),
      [333],
      "one 333-byte ring for 40 files that wrap it several times",
    );
  });

  it("serves a hard link from the ring when its target is still there", async () => {
    const tar = await makeLayer([
      { name: "usr/bin/perl", content: "ELF perl", mode: 0o755 },
      { name: "usr/bin/perl5.36.0", type: "link", linkname: "usr/bin/perl" },
      { name: "usr/bin/other", content: "ELF other", mode: 0o755 },
      { name: "usr/bin/perl2", type: "link", linkname: "usr/bin/perl" },
    ]);
    const { seen, reopened } = await readAllReused(tar);
    assert.equal(reopened, 0);
    assert.deepEqual(seen, [
      "/usr/bin/perl=ELF perl",
      "/usr/bin/perl5.36.0=ELF perl",
      "/usr/bin/other=ELF other",
      "/usr/bin/perl2=ELF perl",
    ]);
  });

  it("a link whose target the ring overwrote is served by the second read", async () => {
    const tar = await makeLayer([
      { name: "a", content: "first" },
      { name: "b", content: "second" },
      { name: "link-a", type: "link", linkname: "a" },
    ]);
    const { seen, reopened } = await readAllReused(tar, { maxRetainedBytes: 6 });
    assert.equal(reopened, 1);
    assert.deepEqual(seen, ["/a=first", "/b=second", "/link-a=first"]);
  });
});
