import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  baseName,
  isWithin,
  joinPath,
  normaliseEntryPath,
  parentPath,
  pathDepth,
  splitPath,
} from "../../src/fs/path-safety.js";

describe("normaliseEntryPath", () => {
  const cases: [string, string | undefined][] = [
    ["usr/bin/x", "/usr/bin/x"],
    ["./usr/bin/x", "/usr/bin/x"],
    ["usr/bin/", "/usr/bin"],
    ["./", "/"],
    [".", "/"],
    ["", "/"],
    ["usr//bin/./x/", "/usr/bin/x"],
    ["a/../b", "/b"],
    ["a/b/../../c", "/c"],
    ["./.bashrc", "/.bashrc"],
    ["etc/.wh.passwd", "/etc/.wh.passwd"],
    ["a/.../b", "/a/.../b"],
    ["a/b..", "/a/b.."],
    ["/etc/passwd", "/etc/passwd"],
    ["//etc//passwd", "/etc/passwd"],
    ["../etc/passwd", undefined],
    ["../../etc/passwd", undefined],
    ["a/../../x", undefined],
    ["./../x", undefined],
    ["/../etc/passwd", undefined],
    ["..", undefined],
    ["a/\0b", undefined],
  ];
  for (const [name, expected] of cases) {
    it(`${JSON.stringify(name)} → ${expected ?? "refused"}`, () => {
      assert.equal(normaliseEntryPath(name), expected);
    });
  }
});

describe("path helpers", () => {
  it("split, parent, base, join, depth", () => {
    assert.deepEqual(splitPath("/a/b"), ["a", "b"]);
    assert.deepEqual(splitPath("/"), []);
    assert.equal(parentPath("/a/b"), "/a");
    assert.equal(parentPath("/a"), "/");
    assert.equal(baseName("/a/b"), "b");
    assert.equal(joinPath("/", "a"), "/a");
    assert.equal(joinPath("/a", "b"), "/a/b");
    assert.equal(pathDepth("/"), 0);
    assert.equal(pathDepth("/a/b/c"), 3);
  });

  it("isWithin respects component boundaries", () => {
    assert.equal(isWithin("/a/b", "/a"), true);
    assert.equal(isWithin("/a", "/a"), true);
    assert.equal(isWithin("/ab", "/a"), false);
    assert.equal(isWithin("/anything", "/"), true);
  });
});
