import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FilesystemView, LayerIndex } from "../../src/fs/index.js";
import { squashLayers } from "../../src/fs/index.js";
import { type LayerChanges, type LayerEntryTuple, squashLayerChanges } from "../../src/fs/layered-view.js";
import type { EntrySpec } from "./helpers/make-layer.js";
import { diffIdOf, readLayers } from "./helpers/make-layer.js";

const d = (name: string): EntrySpec => ({ name, type: "directory" });
const f = (name: string, content = name): EntrySpec => ({ name, content });
const ln = (name: string, linkname: string): EntrySpec => ({ name, type: "symlink", linkname });
const hard = (name: string, linkname: string): EntrySpec => ({ name, type: "link", linkname });

/** A layer index in the layer cache's compact form (tuples in the index's order). */
function toChanges(index: LayerIndex): LayerChanges {
  const entries: LayerEntryTuple[] = [...index.entries].map(([path, m]) =>
    m.linkTarget === undefined
      ? [path, m.type, m.size, m.mode]
      : [path, m.type, m.size, m.mode, m.linkTarget],
  );
  return { layer: index.layer, entries, whiteouts: index.whiteouts, opaqueDirs: index.opaqueDirs };
}

/** Everything a view tells: entries with provenance, counts, whiteout tallies, diagnostics. */
function describeView(view: FilesystemView): unknown {
  return {
    entries: [...view.walk({ directories: true })],
    files: view.files,
    directories: view.directories,
    bytes: view.bytes,
    whiteoutsApplied: view.whiteoutsApplied,
    diagnostics: view.diagnostics,
  };
}

/** Squashes both ways, checks they agree, and returns the view. */
async function squashBoth(...layers: EntrySpec[][]): Promise<FilesystemView> {
  const indexes = await readLayers(layers);
  const fromIndexes = squashLayers(indexes);
  const fromChanges = squashLayerChanges(indexes.map(toChanges));
  assert.deepEqual(describeView(fromChanges), describeView(fromIndexes));
  return fromChanges;
}

describe("squashLayerChanges: the layer cache's compact form squashes as the layer index does", () => {
  it("symlinks, whiteouts, opaque directories and replacements", async () => {
    await squashBoth(
      [
        d("usr/"),
        d("usr/bin/"),
        f("usr/bin/sh", "ELF"),
        ln("bin", "usr/bin"),
        d("etc/"),
        f("etc/a"),
        f("etc/b"),
      ],
      [f("etc/.wh.a", ""), f("bin/tool", "via link"), d("etc/"), f("etc/.wh..wh..opq", ""), f("etc/c")],
      [f("usr", "now a file"), d("usr/"), f("usr/new")],
    );
  });

  it("hard links: to the same layer, to a lower layer's file, dangling", async () => {
    const view = await squashBoth(
      [d("lib/"), f("lib/lower", "lower bytes")],
      [
        f("lib/same", "same"),
        hard("lib/to-same", "lib/same"),
        hard("lib/to-lower", "lib/lower"),
        hard("x", "nope"),
      ],
    );
    assert.equal(view.stat("/lib/to-lower")?.size, "lower bytes".length);
    assert.equal(view.stat("/x")?.type, "other");
  });

  it("a symlink loop and a file in the way are replaced by directories, with diagnostics", async () => {
    const view = await squashBoth([ln("loop", "loop"), f("file")], [f("loop/inner"), f("file/inner")]);
    assert.deepEqual(
      view.diagnostics.map((d) => d.code),
      ["layer-symlink-loop", "layer-replaced-non-directory"],
    );
  });
});

describe("entries of one directory in a row: the directory found for one serves the next", () => {
  it("not after a node on the way to it was replaced (a symlink through `..` passes a child)", async () => {
    // s leads to /t through /t/n; once /t/n is a file, the way to /t breaks on it again.
    const view = await squashBoth(
      [d("t/"), d("t/n/"), ln("s", "t/n/..")],
      [f("s/a"), f("s/n", "now a file"), f("s/b")],
    );
    assert.deepEqual(
      view.diagnostics.map((x) => [x.code, x.file]),
      [["layer-replaced-non-directory", "/t/n"]],
    );
    assert.equal(view.stat("/t/n")?.type, "dir");
    assert.equal(view.layerOf("/t/b"), diffIdOf(2));
  });

  it("not after breaking a symlink loop on the way (the same path then leads elsewhere)", async () => {
    const view = await squashBoth([ln("b", "b/c"), d("b/b/a/"), f("b/b/x")]);
    assert.deepEqual(
      view.diagnostics.map((x) => x.code),
      ["layer-symlink-loop"],
    );
    assert.equal(view.stat("/b/b/x")?.type, "file");
  });
});
