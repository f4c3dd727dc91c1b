import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, parseVersion, satisfies } from "../index.js";
import { rpmvercmp } from "./rpmvercmp.js";

const cmp = (a: string, b: string) => compareVersions("rpm", a, b);

test("rpm: tilde is older, caret is newer than the base but older than the next release", () => {
  assert.equal(cmp("1.0~rc1", "1.0"), -1);
  assert.equal(cmp("1.0^", "1.0"), 1);
  assert.equal(cmp("1.0^git1", "1.0"), 1);
  assert.equal(cmp("1.0^git1", "1.0.1"), -1);
  assert.equal(cmp("1.0^git1~pre", "1.0^git1"), -1);
});

test("rpmvercmp: separators only split, numbers beat letters, leftovers win", () => {
  assert.equal(rpmvercmp("2.0", "2_0"), 0);
  assert.equal(rpmvercmp("10.0001", "10.1"), 0);
  assert.equal(rpmvercmp("1.0a", "1.0"), 1);
  assert.equal(rpmvercmp("1.a", "1.1"), -1);
  assert.equal(rpmvercmp("5.5p10", "5.5p2"), 1);
  assert.equal(rpmvercmp("1.1.α", "1.1.β"), 0, "non-ASCII characters are separators");
  assert.equal(rpmvercmp("18446744073709551616", "18446744073709551615"), 1);
});

test("rpm: epochs and releases", () => {
  assert.equal(cmp("1:1.0-1", "2.0-1"), 1);
  assert.equal(cmp("0:1.0-1", "1.0-1"), 0);
  assert.equal(cmp("2.9.1-6.0.1.el7_2.3", "2.9.1-6.el7_2.3"), 1);
  assert.equal(cmp("1.0", "1.0-1"), -1, "a missing release sorts first");
  assert.equal(cmp("a:1", "b:1"), -1, "a non-numeric 'epoch' is part of the version");
  const evr = parseVersion("rpm", "3:1.2-3.el9");
  assert.deepEqual(evr, { ok: true, value: { epoch: "3", version: "1.2", release: "3.el9" } });
  assert.equal(parseVersion("rpm", "  ").ok, false);
});

test("rpm: comparison lists", () => {
  assert.equal(satisfies("rpm", "1.2-3.el9", ">= 1.2-1, < 1.3"), true);
  assert.equal(satisfies("rpm", "1:1.0-1", "< 2.0"), false);
});
