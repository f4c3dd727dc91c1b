import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, parseVersion, satisfies } from "../index.js";
import { matchApkVersions } from "./compare-apk-versions.js";

const cmp = (a: string, b: string) => compareVersions("apk", a, b);

test("apk: pre-release suffixes sort below the release, post-release ones above", () => {
  assert.equal(cmp("1.0_rc1-r0", "1.0-r0"), -1);
  assert.equal(cmp("1.0_alpha1", "1.0_beta1"), -1);
  assert.equal(cmp("1.0_pre2", "1.0_rc1"), -1);
  assert.equal(cmp("1.0_p1", "1.0"), 1);
  assert.equal(cmp("1.0_git20240101", "1.0_p1"), -1);
  assert.equal(cmp("9.6_p1-r0", "9.6-r9"), 1);
});

test("apk: revisions, letters and leading zeros", () => {
  assert.equal(cmp("1.2.3-r1", "1.2.3-r0"), 1);
  assert.equal(cmp("1.2.3-r0", "1.2.3"), 1);
  assert.equal(cmp("1.0a", "1.0"), 1);
  assert.equal(cmp("1.0a", "1.0b"), -1);
  assert.equal(cmp("1.05", "1.1"), -1, "a component with a leading zero compares as a string");
  assert.equal(cmp("1.10", "1.9"), 1);
  assert.equal(cmp("1.0~abc", "1.0~abd"), -1);
});

test("apk: validity and apk's order of invalid strings", () => {
  for (const good of ["1.2", "0.1_pre2~1234abcd", "1.2.3a_rc1_p2-r10"])
    assert.ok(parseVersion("apk", good).ok, good);
  for (const bad of ["", "1.0bc", "0.1a1", "1.0-r", "1.0-1", "_p1", "1.0_foo"])
    assert.equal(parseVersion("apk", bad).ok, false, bad);
  assert.equal(cmp("1.0", "1.0bc"), -1);
});

test("apk: operators, including fuzzy ~", () => {
  assert.equal(matchApkVersions("3.6.9", "~", "3.6"), true);
  assert.equal(matchApkVersions("3.8", "~", "3.8.1"), false);
  assert.equal(matchApkVersions("3.5", "<~", "3.6"), true);
  assert.equal(satisfies("apk", "3.6.2-r1", "~3.6, >= 3.6.1"), true);
  assert.equal(satisfies("apk", "3.7.0-r0", "~3.6"), false);
});
