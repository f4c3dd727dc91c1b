import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import type { SelectedFile } from "../../src/fs/index.js";
import { readLayer } from "../../src/fs/index.js";
import { DrydockError } from "../../src/model/index.js";
import {
  endOfArchive,
  layerFor,
  makeLayer,
  readLayerBuffer,
  streamOf,
  ustarHeader,
} from "./helpers/make-layer.js";

const MiB = 1024 * 1024;

/** Collects onFile calls as `path=content`. */
function collector(): { files: SelectedFile[]; onFile: (file: SelectedFile) => void } {
  const files: SelectedFile[] = [];
  return { files, onFile: (file) => void files.push(file) };
}

/** Asserts a DrydockError with this code and a one-line message matching `pattern`. */
async function assertRefused(
  promise: Promise<unknown>,
  code: string,
  pattern: RegExp,
): Promise<DrydockError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof DrydockError, `expected a DrydockError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.match(err.message, pattern);
    assert.equal(err.message.includes("\n"), false, "message must be one line");
    assert.match(err.message, /^test-image\.tar: layer sha256:[0-9a-f]{12}: /);
    return err;
  }
  assert.fail(`expected ${code}`);
}

describe("readLayer: index", () => {
  it("indexes entries with normalised paths, types, sizes and modes", async () => {
    const tar = await makeLayer([
      { name: "./", type: "directory" },
      { name: "./usr/", type: "directory" },
      { name: "./usr/bin/", type: "directory", mode: 0o755 },
      { name: "./usr/bin/tool", content: "#!/bin/sh\n", mode: 0o755 },
      { name: "etc/hostname", content: "box\n" },
      { name: "bin", type: "symlink", linkname: "usr/bin" },
      { name: "usr/bin/tool2", type: "link", linkname: "usr/bin/tool" },
      { name: "dev/null", type: "character-device" },
      { name: "run/fifo", type: "fifo" },
    ]);
    const index = await readLayerBuffer(tar);
    assert.deepEqual(
      [...index.entries.keys()],
      [
        "/usr",
        "/usr/bin",
        "/usr/bin/tool",
        "/etc/hostname",
        "/bin",
        "/usr/bin/tool2",
        "/dev/null",
        "/run/fifo",
      ],
    );
    assert.deepEqual(index.entries.get("/usr/bin/tool"), { type: "file", size: 10, mode: 0o755 });
    assert.deepEqual(index.entries.get("/bin"), {
      type: "symlink",
      size: 0,
      mode: 0o777,
      linkTarget: "usr/bin",
    });
    assert.deepEqual(index.entries.get("/usr/bin/tool2"), {
      type: "hardlink",
      size: 10,
      mode: 0o755,
      linkTarget: "/usr/bin/tool",
    });
    assert.equal(index.entries.get("/dev/null")?.type, "other");
    assert.equal(index.entries.get("/run/fifo")?.type, "other");
    assert.deepEqual(
      { ...index.stats, tarBytes: 0 },
      {
        entries: 9,
        files: 2,
        directories: 3,
        symlinks: 1,
        hardlinks: 1,
        bytes: 14,
        whiteouts: 0,
        opaqueDirs: 0,
        tarBytes: 0,
      },
    );
    assert.equal(index.stats.tarBytes, tar.length);
    assert.deepEqual(index.diagnostics, []);
  });

  it("records whiteouts and opaque markers, not as entries", async () => {
    const tar = await makeLayer([
      { name: "etc/.wh.passwd" },
      { name: ".wh.tmp" },
      { name: "opt/app/.wh..wh..opq" },
      { name: ".wh..wh..opq" },
      { name: ".wh..wh.plnk/", type: "directory" },
      { name: ".wh..wh.plnk/123.456", content: "aufs hard-link store" },
      { name: "opt/app/new", content: "n" },
    ]);
    const index = await readLayerBuffer(tar);
    assert.deepEqual(index.whiteouts, ["/etc/passwd", "/tmp"]);
    assert.deepEqual(index.opaqueDirs, ["/opt/app", "/"]);
    assert.equal(index.stats.whiteouts, 2);
    assert.equal(index.stats.opaqueDirs, 2);
    // Root-level AUFS bookkeeping (and what it holds) is neither files nor deletions.
    assert.deepEqual([...index.entries.keys()], ["/opt/app/new"]);
  });

  it("reads long names (PAX headers) and survives 1-byte chunks", async () => {
    const long = `${"very-long-directory-name/".repeat(8)}file.txt`;
    const tar = await makeLayer([{ name: long, content: "deep" }]);
    const { files, onFile } = collector();
    const index = await readLayerBuffer(tar, { select: () => true, onFile, chunkSize: 1 });
    assert.ok(index.entries.has(`/${long}`));
    assert.equal(files[0]?.bytes.toString(), "deep");
  });

  it("keeps the last of duplicate entries; a file replacing a directory drops its subtree", async () => {
    const tar = await makeLayer([
      { name: "a/", type: "directory" },
      { name: "a/x", content: "x" },
      { name: "f", content: "one" },
      { name: "f", content: "three" },
      { name: "a", content: "now a file" },
    ]);
    const index = await readLayerBuffer(tar);
    assert.deepEqual(index.entries.get("/f"), { type: "file", size: 5, mode: 0o644 });
    assert.equal(index.entries.has("/a/x"), false);
    assert.equal(index.entries.get("/a")?.type, "file");
    assert.ok(index.diagnostics.some((d) => d.code === "tar-duplicate-entries"));
  });

  it("keeps permission bits only; caps diagnostics per code", async () => {
    const typed = Buffer.concat([ustarHeader({ name: "bin/x", mode: 0o104755 }), endOfArchive]);
    assert.equal((await readLayerBuffer(typed)).entries.get("/bin/x")?.mode, 0o4755);
    const links = Array.from({ length: 150 }, (_, i) => ({
      name: `l${i}`,
      type: "link" as const,
      linkname: "gone",
    }));
    const index = await readLayerBuffer(await makeLayer(links));
    assert.equal(index.diagnostics.filter((d) => d.code === "hardlink-target-missing").length, 100);
    assert.match(index.diagnostics.at(-1)?.message ?? "", /^50 more "hardlink-target-missing" diagnostics/);
  });

  it("warns when the end-of-archive marker is missing", async () => {
    const tar = await makeLayer([{ name: "a", content: "x" }]);
    const index = await readLayerBuffer(tar.subarray(0, 1024)); // header + one data block
    assert.ok(index.entries.has("/a"));
    assert.ok(index.diagnostics.some((d) => d.code === "tar-end-marker-missing"));
  });
});

describe("readLayer: selection", () => {
  it("buffers only selected files and hands them to onFile in tar order", async () => {
    const big = Buffer.alloc(3 * MiB + 17, 0x61);
    const tar = await makeLayer([
      { name: "lib/apk/db/installed", content: "P:musl\nV:1.2.4-r0\n" },
      { name: "usr/share/big.bin", content: big },
      { name: "usr/lib/libc.so", content: Buffer.alloc(2 * MiB + 3, 1), mode: 0o755 },
      { name: "etc/os-release", content: "ID=alpine\n" },
    ]);
    const seen: string[] = [];
    const { files, onFile } = collector();
    // Count every buffer allocation: unselected content must never be copied into one.
    const allocUnsafe = Buffer.allocUnsafe;
    const allocated: number[] = [];
    Buffer.allocUnsafe = (size: number) => {
      allocated.push(size);
      return allocUnsafe(size);
    };
    try {
      await readLayerBuffer(tar, {
        select: (path, size, mode) => {
          seen.push(`${path}:${size}:${mode.toString(8)}`);
          return path.startsWith("/etc/") || path.startsWith("/lib/apk/");
        },
        onFile,
      });
    } finally {
      Buffer.allocUnsafe = allocUnsafe;
    }
    assert.deepEqual(seen, [
      "/lib/apk/db/installed:18:644",
      `/usr/share/big.bin:${big.length}:644`,
      `/usr/lib/libc.so:${2 * MiB + 3}:755`,
      "/etc/os-release:10:644",
    ]);
    assert.deepEqual(
      files.map((f) => `${f.path}=${f.bytes.toString()}`),
      ["/lib/apk/db/installed=P:musl\nV:1.2.4-r0\n", "/etc/os-release=ID=alpine\n"],
    );
    assert.equal(files[0]?.layer, layerFor("layer").diffId);
    assert.equal(files[0]?.mode, 0o644);
    assert.equal(allocated.includes(big.length), false, "unselected content was buffered");
    assert.equal(allocated.includes(2 * MiB + 3), false, "unselected content was buffered");
    assert.equal(
      allocated.some((size) => size > 64 * 1024),
      false,
    );
  });

  it("awaits onFile before reading on (backpressure, one file at a time)", async () => {
    const entries = Array.from({ length: 20 }, (_, i) => ({ name: `f${i}`, content: `content ${i}` }));
    const tar = await makeLayer(entries);
    let active = 0;
    let maxActive = 0;
    const order: string[] = [];
    await readLayerBuffer(tar, {
      select: () => true,
      onFile: async (file) => {
        active++;
        maxActive = Math.max(maxActive, active);
        await new Promise((resolve) => setTimeout(resolve, 2));
        order.push(file.path);
        active--;
      },
      chunkSize: 700,
    });
    assert.equal(maxActive, 1);
    assert.deepEqual(
      order,
      entries.map((e) => `/${e.name}`),
    );
  });

  it("skips a selected file over maxFileSize with a diagnostic and reads on", async () => {
    const tar = await makeLayer([
      { name: "huge.jar", content: Buffer.alloc(5000) },
      { name: "small.jar", content: "ok" },
    ]);
    const { files, onFile } = collector();
    const index = await readLayerBuffer(tar, {
      select: () => true,
      onFile,
      limits: { maxFileSize: 1000 },
    });
    assert.deepEqual(
      files.map((f) => f.path),
      ["/small.jar"],
    );
    const skip = index.diagnostics.find((d) => d.code === "file-too-large");
    assert.equal(skip?.file, "/huge.jar");
    assert.equal(skip?.layer, layerFor("layer").diffId);
  });

  it("an error thrown by onFile aborts the read and passes through", async () => {
    const tar = await makeLayer([{ name: "a", content: "x" }]);
    const boom = new Error("parser bug");
    await assert.rejects(
      readLayerBuffer(tar, {
        select: () => true,
        onFile: async () => {
          throw boom;
        },
      }),
      (err) => err === boom,
    );
  });
});

describe("readLayer: hard links", () => {
  it("a selected link gets its selected target's bytes", async () => {
    const tar = await makeLayer([
      { name: "usr/bin/perl5.36.0", content: "ELF perl", mode: 0o755 },
      { name: "usr/bin/perl", type: "link", linkname: "usr/bin/perl5.36.0" },
    ]);
    const { files, onFile } = collector();
    await readLayerBuffer(tar, { select: () => true, onFile });
    assert.deepEqual(
      files.map((f) => `${f.path}=${f.bytes.toString()}:${f.mode.toString(8)}`),
      ["/usr/bin/perl5.36.0=ELF perl:755", "/usr/bin/perl=ELF perl:755"],
    );
  });

  it("a link to a link to a file resolves to the file", async () => {
    const tar = await makeLayer([
      { name: "a", content: "data" },
      { name: "b", type: "link", linkname: "a" },
      { name: "c", type: "link", linkname: "b" },
    ]);
    const { files, onFile } = collector();
    const index = await readLayerBuffer(tar, { select: (p) => p === "/c", onFile: onFile });
    assert.equal(index.entries.get("/c")?.linkTarget, "/a");
    assert.deepEqual(index.diagnostics, [
      {
        code: "hardlink-target-not-buffered",
        level: "warning",
        message: index.diagnostics[0]?.message,
        file: "/c",
        layer: layerFor("layer").diffId,
      },
    ]);
    assert.equal(files.length, 0);
  });

  it("a link to an unselected target is served by one targeted second read", async () => {
    const tar = await makeLayer([
      { name: "usr/lib/python3.11/x.py", content: "print(1)" },
      { name: "usr/share/other", content: "not wanted" },
      { name: "app/x.py", type: "link", linkname: "usr/lib/python3.11/x.py" },
    ]);
    const { files, onFile } = collector();
    let reopened = 0;
    const index = await readLayerBuffer(tar, {
      select: (path) => path.startsWith("/app/"),
      onFile,
      reopen: async () => {
        reopened++;
        return streamOf(tar, 100);
      },
    });
    assert.equal(reopened, 1);
    assert.deepEqual(
      files.map((f) => `${f.path}=${f.bytes.toString()}`),
      ["/app/x.py=print(1)"],
    );
    assert.deepEqual(index.diagnostics, []);
  });

  it("a target dropped past maxRetainedBytes is re-read too", async () => {
    const tar = await makeLayer([
      { name: "a", content: "first" },
      { name: "b", content: "second" },
      { name: "link-a", type: "link", linkname: "a" },
    ]);
    const { files, onFile } = collector();
    let reopened = 0;
    await readLayerBuffer(tar, {
      select: () => true,
      onFile,
      limits: { maxRetainedBytes: 6 },
      reopen: async () => {
        reopened++;
        return streamOf(tar);
      },
    });
    assert.equal(reopened, 1);
    assert.deepEqual(
      files.map((f) => `${f.path}=${f.bytes.toString()}`),
      ["/a=first", "/b=second", "/link-a=first"],
    );
  });

  it("a link whose target is not in the layer is a diagnostic, not a crash", async () => {
    const tar = await makeLayer([{ name: "usr/bin/x", type: "link", linkname: "usr/bin/missing" }]);
    const { files, onFile } = collector();
    const index = await readLayerBuffer(tar, { select: () => true, onFile });
    assert.deepEqual(index.entries.get("/usr/bin/x"), {
      type: "hardlink",
      size: 0,
      mode: 0o777,
      linkTarget: "/usr/bin/missing",
    });
    assert.equal(files.length, 0);
    assert.equal(index.diagnostics[0]?.code, "hardlink-target-missing");
  });

  it("a link to a symlink is that symlink; a link to a directory is a diagnostic", async () => {
    const tar = await makeLayer([
      { name: "s", type: "symlink", linkname: "/etc/passwd" },
      { name: "s2", type: "link", linkname: "s" },
      { name: "d/", type: "directory" },
      { name: "d2", type: "link", linkname: "d" },
    ]);
    const index = await readLayerBuffer(tar);
    assert.deepEqual(index.entries.get("/s2"), {
      type: "symlink",
      size: 0,
      mode: 0o777,
      linkTarget: "/etc/passwd",
    });
    assert.equal(index.entries.get("/d2")?.type, "other");
    assert.equal(index.diagnostics[0]?.code, "hardlink-to-directory");
  });
});

describe("readLayer: limits", () => {
  it("too many entries → DRYDOCK_LAYER_LIMIT", async () => {
    const tar = await makeLayer(Array.from({ length: 20 }, (_, i) => ({ name: `f${i}` })));
    await assertRefused(
      readLayerBuffer(tar, { limits: { maxEntries: 10 } }),
      "DRYDOCK_LAYER_LIMIT",
      /more than 10 entries in one layer$/,
    );
  });

  it("too many expanded bytes → DRYDOCK_LAYER_LIMIT before the content is read", async () => {
    const tar = await makeLayer([{ name: "bomb", content: Buffer.alloc(100_000) }]);
    await assertRefused(
      readLayerBuffer(tar, { limits: { maxLayerBytes: 50_000 }, chunkSize: 1024 }),
      "DRYDOCK_LAYER_LIMIT",
      /entry "bomb" declares 100000 bytes, past the limit of 50000 bytes per layer$/,
    );
  });

  it("a stream longer than the layer limit (zero-filled gzip bomb tail) → DRYDOCK_LAYER_LIMIT", async () => {
    const tar = Buffer.concat([await makeLayer([{ name: "a", content: "x" }]), Buffer.alloc(200_000)]);
    await assertRefused(
      readLayerBuffer(tar, { limits: { maxLayerBytes: 100_000 }, chunkSize: 8192 }),
      "DRYDOCK_LAYER_LIMIT",
      /expands past the limit of 100000 bytes per layer$/,
    );
  });

  it("a header claiming 8 GiB with no data behind it → DRYDOCK_LAYER_LIMIT at default limits", async () => {
    const tar = Buffer.concat([
      ustarHeader({ name: "huge", size: 8 * 1024 * 1024 * 1024 - 1 }),
      endOfArchive,
    ]);
    await assertRefused(
      readLayerBuffer(tar),
      "DRYDOCK_LAYER_LIMIT",
      /entry "huge" declares 8589934591 bytes, past the limit of 8589934592 bytes per layer$/,
    );
  });

  it("the image-wide limit counts earlier layers", async () => {
    const tar = await makeLayer([{ name: "a", content: "x".repeat(2000) }]);
    await assertRefused(
      readLayerBuffer(tar, { limits: { maxImageBytes: 10_000 }, imageBytesBefore: 9_000 }),
      "DRYDOCK_LAYER_LIMIT",
      /the image expands past the limit of 10000 bytes per image$/,
    );
  });

  it("path length and depth limits", async () => {
    const long = await makeLayer([{ name: `${"a".repeat(300)}/b` }]);
    await assertRefused(
      readLayerBuffer(long, { limits: { maxPathLength: 200 } }),
      "DRYDOCK_LAYER_LIMIT",
      /is longer than 200 characters$/,
    );
    const deep = await makeLayer([{ name: "d/".repeat(40) + "f" }]);
    await assertRefused(
      readLayerBuffer(deep, { limits: { maxPathDepth: 16 } }),
      "DRYDOCK_LAYER_LIMIT",
      /is nested deeper than 16 levels$/,
    );
  });
});

describe("readLayer: hostile input", () => {
  const unsafe: [string, Buffer | (() => Promise<Buffer>), RegExp][] = [
    [
      "../../etc/passwd",
      () => makeLayer([{ name: "../../etc/passwd", content: "pwned" }]),
      /entry "..\/..\/etc\/passwd" escapes the image root$/,
    ],
    [
      "a/../../x",
      () => makeLayer([{ name: "a/../../x", content: "pwned" }]),
      /entry "a\/..\/..\/x" escapes the image root$/,
    ],
    [
      "../ in a hard-link target",
      () => makeLayer([{ name: "x", type: "link", linkname: "../../etc/shadow" }]),
      /hard link target "..\/..\/etc\/shadow" escapes the image root$/,
    ],
    [
      "a whiteout of ..",
      () => makeLayer([{ name: "a/.wh.." }]),
      /whiteout "\/a\/.wh.." names no deletable entry$/,
    ],
  ];
  for (const [label, make, pattern] of unsafe) {
    it(`${label} → DRYDOCK_LAYER_UNSAFE_PATH`, async () => {
      const tar = typeof make === "function" ? await make() : make;
      await assertRefused(readLayerBuffer(tar), "DRYDOCK_LAYER_UNSAFE_PATH", pattern);
    });
  }

  it("an absolute name is read relative to the root with absoluteNames: normalise", async () => {
    const tar = await makeLayer([{ name: "/etc/passwd", content: "root:x:0:0" }]);
    const { files, onFile } = collector();
    const index = await readLayerBuffer(tar, { select: () => true, onFile, absoluteNames: "normalise" });
    assert.ok(index.entries.has("/etc/passwd"));
    assert.equal(files[0]?.path, "/etc/passwd");
    assert.equal(index.diagnostics[0]?.code, "tar-absolute-names");
  });

  it("an absolute name is refused by default", async () => {
    const tar = await makeLayer([{ name: "/etc/passwd", content: "root:x:0:0" }]);
    await assertRefused(
      readLayerBuffer(tar),
      "DRYDOCK_LAYER_UNSAFE_PATH",
      /entry "\/etc\/passwd" is absolute$/,
    );
  });

  it("a truncated tar → DRYDOCK_LAYER_CORRUPT", async () => {
    const tar = await makeLayer([{ name: "a", content: Buffer.alloc(10_000, 7) }]);
    await assertRefused(
      readLayerBuffer(tar.subarray(0, 4000)),
      "DRYDOCK_LAYER_CORRUPT",
      /truncated tar: the stream ends inside an entry$/,
    );
  });

  it("a truncated tar with the selected file in flight → DRYDOCK_LAYER_CORRUPT, no onFile", async () => {
    const tar = await makeLayer([{ name: "a", content: Buffer.alloc(10_000, 7) }]);
    const { files, onFile } = collector();
    await assertRefused(
      readLayerBuffer(tar.subarray(0, 4000), { select: () => true, onFile, chunkSize: 1000 }),
      "DRYDOCK_LAYER_CORRUPT",
      /truncated tar/,
    );
    assert.equal(files.length, 0);
  });

  it("garbage bytes → DRYDOCK_LAYER_CORRUPT", async () => {
    const garbage = Buffer.alloc(4096);
    for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 7919 + 13) % 251;
    await assertRefused(readLayerBuffer(garbage), "DRYDOCK_LAYER_CORRUPT", /bad tar header checksum/);
  });

  it("a still-gzipped layer → DRYDOCK_LAYER_CORRUPT", async () => {
    const noise = Buffer.alloc(4000);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
    const gz = gzipSync(await makeLayer([{ name: "a", content: noise }]));
    assert.ok(gz.length > 512);
    await assertRefused(
      readLayerBuffer(gz),
      "DRYDOCK_LAYER_CORRUPT",
      /not a tar archive, corrupt, or still compressed$/,
    );
  });

  it("a stream shorter than one header → DRYDOCK_LAYER_CORRUPT", async () => {
    await assertRefused(
      readLayerBuffer(Buffer.from("not a tar")),
      "DRYDOCK_LAYER_CORRUPT",
      /not a tar archive: 9 bytes, shorter than one tar header$/,
    );
  });

  it("a header with a bad checksum → DRYDOCK_LAYER_CORRUPT", async () => {
    const tar = Buffer.concat([ustarHeader({ name: "a", size: 0, checksum: 1234 }), endOfArchive]);
    await assertRefused(readLayerBuffer(tar), "DRYDOCK_LAYER_CORRUPT", /bad tar header checksum/);
  });

  it("a failing input stream → DRYDOCK_LAYER_CORRUPT; a DrydockError from it passes through", async () => {
    const failing = (err: Error) =>
      new Readable({
        read() {
          this.destroy(err);
        },
      });
    await assertRefused(
      readLayer(failing(new Error("unexpected end of file")), {
        layer: layerFor("layer"),
        target: "test-image.tar",
      }),
      "DRYDOCK_LAYER_CORRUPT",
      /reading the layer stream failed: unexpected end of file$/,
    );
    const mismatch = new DrydockError("DRYDOCK_DIGEST_MISMATCH", "test-image.tar: layer digest mismatch");
    await assert.rejects(
      readLayer(failing(mismatch), { layer: layerFor("layer"), target: "test-image.tar" }),
      (err) => err === mismatch,
    );
  });
});
