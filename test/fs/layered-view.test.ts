import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FilesystemView } from "../../src/fs/index.js";
import { squashLayers } from "../../src/fs/index.js";
import type { EntrySpec } from "./helpers/make-layer.js";
import { diffIdOf, readLayers } from "./helpers/make-layer.js";

async function squash(...layers: EntrySpec[][]): Promise<FilesystemView> {
  return squashLayers(await readLayers(layers));
}

const d = (name: string): EntrySpec => ({ name, type: "directory" });
const f = (name: string, content = name): EntrySpec => ({ name, content });
const ln = (name: string, linkname: string): EntrySpec => ({ name, type: "symlink", linkname });

describe("symlinks resolve inside the image root", () => {
  const base = [
    d("usr/"),
    d("usr/bin/"),
    f("usr/bin/busybox", "ELF"),
    ln("usr/bin/sh", "busybox"),
    ln("bin", "usr/bin"),
    d("etc/"),
    f("etc/passwd", "root:x:0:0"),
    ln("etc/alt-sh", "/usr/bin/busybox"),
    ln("etc/escape", "../../../../../etc/passwd"),
    ln("etc/abs-escape", "/../../etc/passwd"),
    ln("etc/host", "/proc/self/root/etc/shadow"),
    ln("c1", "c2"),
    ln("c2", "c3"),
    ln("c3", "/bin/sh"),
    ln("loop-a", "loop-b"),
    ln("loop-b", "loop-a"),
    ln("self", "self"),
    d("deep/"),
    ln("deep/x", "../deep/x"),
    ln("dangling", "/nowhere"),
    ln("empty", ""),
  ];

  it("relative links", async () => {
    const view = await squash(base);
    assert.equal(view.realpath("/usr/bin/sh"), "/usr/bin/busybox");
    assert.equal(view.stat("/usr/bin/sh")?.type, "file");
    assert.equal(view.lstat("/usr/bin/sh")?.type, "symlink");
    assert.equal(view.lstat("/usr/bin/sh")?.linkTarget, "busybox");
  });

  it("absolute links are read from the image root", async () => {
    const view = await squash(base);
    assert.equal(view.realpath("/etc/alt-sh"), "/usr/bin/busybox");
    assert.equal(view.stat("/etc/alt-sh")?.path, "/usr/bin/busybox");
  });

  it("`..` above the root stays at the root (as a chroot would)", async () => {
    const view = await squash(base);
    assert.equal(view.realpath("/etc/escape"), "/etc/passwd");
    assert.equal(view.realpath("/etc/abs-escape"), "/etc/passwd");
    assert.equal(view.stat("/etc/escape")?.size, 10);
    assert.equal(view.realpath("/../../../etc/passwd"), "/etc/passwd");
    // No host path is ever reached: a link to /proc/... only names paths inside the image.
    assert.equal(view.realpath("/etc/host"), undefined);
  });

  it("chains resolve; intermediate symlinked directories are followed", async () => {
    const view = await squash(base);
    assert.equal(view.realpath("/c1"), "/usr/bin/busybox");
    assert.equal(view.realpath("/bin/sh"), "/usr/bin/busybox");
    assert.equal(view.lstat("/bin/sh")?.path, "/usr/bin/sh");
    assert.equal(view.lstat("/bin/sh")?.type, "symlink");
    assert.deepEqual(view.readdir("/bin"), ["busybox", "sh"]);
  });

  it("loops end with undefined (bounded hops); the link itself is still there", async () => {
    const view = await squash(base);
    for (const path of ["/loop-a", "/loop-b", "/self", "/deep/x", "/loop-a/more"]) {
      assert.equal(view.realpath(path), undefined, path);
      assert.equal(view.stat(path), undefined, path);
    }
    assert.equal(view.lstat("/loop-a")?.type, "symlink");
    assert.equal(view.exists("/self"), true);
  });

  it("dangling and empty links resolve to undefined; a file is not a directory", async () => {
    const view = await squash(base);
    assert.equal(view.realpath("/dangling"), undefined);
    assert.equal(view.exists("/dangling"), true);
    assert.equal(view.realpath("/empty"), undefined);
    assert.equal(view.stat("/etc/passwd/x"), undefined);
    assert.equal(view.readdir("/etc/passwd"), undefined);
    assert.equal(view.stat("/missing"), undefined);
  });
});

describe("provenance and listing", () => {
  it("layerOf names the layer that last wrote each path", async () => {
    const view = await squash(
      [d("etc/"), f("etc/os-release", "ID=debian"), f("etc/hosts")],
      [f("etc/os-release", "ID=debian\nVERSION_ID=12")],
      [d("etc/"), f("etc/new")],
    );
    assert.equal(view.layerOf("/etc/os-release"), diffIdOf(2));
    assert.equal(view.layerOf("/etc/hosts"), diffIdOf(1));
    assert.equal(view.layerOf("/etc/new"), diffIdOf(3));
    assert.equal(view.layerOf("/etc"), diffIdOf(3), "a directory's attributes come from the last layer");
    assert.equal(view.layerOf("/nope"), undefined);
    assert.equal(view.stat("etc/hosts")?.path, "/etc/hosts", "paths without a leading / are accepted");
  });

  it("implicit parent directories are created for tars that omit them", async () => {
    const view = await squash([f("a/b/c/file")]);
    assert.deepEqual(view.readdir("/"), ["a"]);
    assert.equal(view.stat("/a/b")?.type, "dir");
    assert.equal(view.layerOf("/a/b"), diffIdOf(1));
  });

  it("walk yields every non-directory entry in sorted pre-order; counts match", async () => {
    const view = await squash([f("b/z"), f("b/a/y"), f("a"), ln("c", "a"), d("e/")], [f("b/a/x")]);
    assert.deepEqual(
      [...view.walk()].map((e) => `${e.path}:${e.type}`),
      ["/a:file", "/b/a/x:file", "/b/a/y:file", "/b/z:file", "/c:symlink"],
    );
    assert.deepEqual(
      [...view.walk({ directories: true })].map((e) => e.path),
      ["/a", "/b", "/b/a", "/b/a/x", "/b/a/y", "/b/z", "/c", "/e"],
    );
    assert.equal(view.files, 5);
    assert.equal(view.directories, 3);
    assert.equal(view.bytes, "a".length + "b/a/x".length + "b/a/y".length + "b/z".length);
  });

  it("an entry under a lower-layer symlinked directory is written through the link", async () => {
    const view = await squash([d("usr/"), d("usr/bin/"), ln("bin", "usr/bin")], [f("bin/tool", "ELF")]);
    assert.equal(view.lstat("/bin")?.type, "symlink");
    assert.equal(view.stat("/usr/bin/tool")?.layer, diffIdOf(2));
    assert.equal(view.layerOf("/bin/tool"), diffIdOf(2));
  });

  it("an entry under a lower-layer file replaces the file, with a diagnostic", async () => {
    const view = await squash([f("opt")], [f("opt/x")]);
    assert.equal(view.stat("/opt")?.type, "dir");
    assert.equal(view.diagnostics[0]?.code, "layer-replaced-non-directory");
    assert.equal(view.diagnostics[0]?.file, "/opt");
  });

  it("a hard link to a file of a lower layer takes that file's size and mode", async () => {
    const view = await squash(
      [{ name: "usr/bin/python3.11", content: "ELF python", mode: 0o755 }],
      [{ name: "usr/bin/python3", type: "link", linkname: "usr/bin/python3.11" }],
    );
    assert.deepEqual(view.stat("/usr/bin/python3"), {
      path: "/usr/bin/python3",
      type: "hardlink",
      size: 10,
      mode: 0o755,
      linkTarget: "/usr/bin/python3.11",
      layer: diffIdOf(2),
    });
  });

  it("an empty image is an empty root", () => {
    const view = squashLayers([]);
    assert.deepEqual(view.readdir("/"), []);
    assert.equal(view.files, 0);
    assert.equal(view.realpath("/"), "/");
  });
});
