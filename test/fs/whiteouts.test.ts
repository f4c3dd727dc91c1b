import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FilesystemView } from "../../src/fs/index.js";
import { squashLayers } from "../../src/fs/index.js";
import type { EntrySpec } from "./helpers/make-layer.js";
import { diffIdOf, readLayers } from "./helpers/make-layer.js";

/** Squashes synthetic layers (L1 is the base). */
async function squash(...layers: EntrySpec[][]): Promise<FilesystemView> {
  return squashLayers(await readLayers(layers));
}

/** Every path of the view, directories included, in walk order. */
function paths(view: FilesystemView): string[] {
  return [...view.walk({ directories: true })].map((e) => e.path);
}

const d = (name: string): EntrySpec => ({ name, type: "directory" });
const f = (name: string, content = name): EntrySpec => ({ name, content });

describe("whiteouts (OCI image spec layer.md)", () => {
  it(".wh.<name> deletes a file of a lower layer; siblings stay", async () => {
    const view = await squash([d("etc/"), f("etc/a"), f("etc/b")], [f("etc/.wh.a", "")]);
    assert.equal(view.exists("/etc/a"), false);
    assert.equal(view.exists("/etc/b"), true);
    assert.equal(view.layerOf("/etc/b"), diffIdOf(1));
    assert.equal(view.exists("/etc/.wh.a"), false, "the marker itself is hidden");
    assert.deepEqual(view.whiteoutsApplied[1], {
      layer: diffIdOf(2),
      whiteouts: 1,
      opaqueDirs: 0,
      removed: 1,
    });
  });

  it("a whiteout of a directory removes its whole subtree", async () => {
    const view = await squash(
      [
        d("usr/"),
        d("usr/share/"),
        d("usr/share/doc/"),
        d("usr/share/doc/pkg/"),
        f("usr/share/doc/pkg/copyright"),
        f("usr/share/keep"),
      ],
      [f("usr/share/.wh.doc", "")],
    );
    assert.deepEqual(paths(view), ["/usr", "/usr/share", "/usr/share/keep"]);
    assert.equal(view.whiteoutsApplied[1]?.removed, 3);
  });

  it("an opaque directory hides lower children and keeps the same layer's children, whatever the marker's position", async () => {
    const base = [
      d("opt/"),
      d("opt/tools/"),
      f("opt/tools/a"),
      d("opt/tools/lib/"),
      f("opt/tools/lib/x.jar"),
      f("opt/other"),
    ];
    const markerFirst = await squash(base, [
      d("opt/tools/"),
      f("opt/tools/.wh..wh..opq", ""),
      f("opt/tools/README"),
    ]);
    const markerLast = await squash(base, [
      d("opt/tools/"),
      f("opt/tools/README"),
      f("opt/tools/.wh..wh..opq", ""),
    ]);
    for (const view of [markerFirst, markerLast]) {
      assert.deepEqual(paths(view), ["/opt", "/opt/other", "/opt/tools", "/opt/tools/README"]);
      assert.equal(view.layerOf("/opt/tools/README"), diffIdOf(2));
      assert.equal(view.layerOf("/opt/other"), diffIdOf(1));
      assert.deepEqual(view.whiteoutsApplied[1], {
        layer: diffIdOf(2),
        whiteouts: 0,
        opaqueDirs: 1,
        removed: 3,
      });
    }
  });

  it("a same-layer child under an opaque directory survives even in a new subdirectory", async () => {
    const view = await squash(
      [d("a/"), d("a/b/"), d("a/b/c/"), f("a/b/c/bar")],
      [d("a/"), f("a/.wh..wh..opq", ""), d("a/b/"), d("a/b/c/"), f("a/b/c/foo")],
    );
    assert.deepEqual(paths(view), ["/a", "/a/b", "/a/b/c", "/a/b/c/foo"]);
  });

  it("a file deleted then re-added in a later layer exists, from the later layer", async () => {
    const view = await squash(
      [f("srv/app.conf", "v1")],
      [f("srv/.wh.app.conf", "")],
      [f("srv/app.conf", "v3")],
    );
    assert.equal(view.exists("/srv/app.conf"), true);
    assert.equal(view.layerOf("/srv/app.conf"), diffIdOf(3));
    assert.equal(view.stat("/srv/app.conf")?.size, 2);
    const between = await squash([f("srv/app.conf", "v1")], [f("srv/.wh.app.conf", "")]);
    assert.equal(between.exists("/srv/app.conf"), false);
  });

  it("a whiteout never hides an entry of its own layer (delete and recreate in one layer)", async () => {
    const view = await squash(
      [d("cfg/"), f("cfg/old"), f("x", "lower")],
      [f(".wh.cfg", ""), d("cfg/"), f("cfg/new"), f("x", "upper"), f(".wh.x", "")],
    );
    assert.deepEqual(paths(view), ["/cfg", "/cfg/new", "/x"]);
    assert.equal(view.layerOf("/x"), diffIdOf(2));
    assert.equal(view.stat("/x")?.size, 5);
  });

  it("a directory replaced by a file and back across three layers", async () => {
    const l1 = [d("data/"), f("data/old-1"), d("data/sub/"), f("data/sub/old-2")];
    const l2 = [f("data", "now a file")];
    const l3 = [d("data/"), f("data/new")];
    const asFile = await squash(l1, l2);
    assert.equal(asFile.stat("/data")?.type, "file");
    assert.equal(asFile.readdir("/data"), undefined);
    assert.equal(asFile.exists("/data/old-1"), false);
    const back = await squash(l1, l2, l3);
    assert.equal(back.stat("/data")?.type, "dir");
    assert.deepEqual(back.readdir("/data"), ["new"]);
    assert.equal(back.exists("/data/sub/old-2"), false);
    assert.equal(back.layerOf("/data"), diffIdOf(3));
  });

  it("a file replaced by a directory", async () => {
    const view = await squash([f("x", "file")], [d("x/"), f("x/inner")]);
    assert.equal(view.stat("/x")?.type, "dir");
    assert.deepEqual(view.readdir("/x"), ["inner"]);
  });

  it("a whiteout of a missing path, in a missing directory, or of an opaque missing dir is harmless", async () => {
    const view = await squash(
      [f("etc/a")],
      [f("etc/.wh.nothing", ""), f("nope/.wh.x", ""), f("ghost/.wh..wh..opq", "")],
    );
    assert.deepEqual(paths(view), ["/etc", "/etc/a"]);
    assert.deepEqual(view.whiteoutsApplied[1], {
      layer: diffIdOf(2),
      whiteouts: 0,
      opaqueDirs: 0,
      removed: 0,
    });
  });

  it("whiteouts apply only to layers below: a later layer's file is untouched by an earlier marker", async () => {
    const view = await squash([f("a", "1")], [f(".wh.a", "")], [f("a", "3")], [f("b")]);
    assert.equal(view.layerOf("/a"), diffIdOf(3));
  });

  it("a whiteout under a symlinked directory deletes through the link, inside the root", async () => {
    const view = await squash(
      [
        d("usr/"),
        d("usr/lib/"),
        f("usr/lib/libssl.so.3"),
        { name: "lib", type: "symlink", linkname: "usr/lib" },
      ],
      [f("lib/.wh.libssl.so.3", "")],
    );
    assert.equal(view.exists("/usr/lib/libssl.so.3"), false);
    assert.equal(view.lstat("/lib")?.type, "symlink");
  });

  it("an opaque marker at the root hides every lower entry", async () => {
    const view = await squash([f("etc/a"), f("bin/b")], [f(".wh..wh..opq", ""), f("only")]);
    assert.deepEqual(paths(view), ["/only"]);
  });
});
