import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, parseVersion, satisfies } from "../index.js";
import { compareDpkgStrings } from "./compare-dpkg-strings.js";
import { parseDpkgVersion } from "./parse-dpkg-version.js";

const cmp = (a: string, b: string) => compareVersions("dpkg", a, b);

test("dpkg: tilde sorts before everything, even the end of the string", () => {
  assert.equal(cmp("1.0~rc1", "1.0"), -1);
  assert.equal(cmp("1.0~rc1", "1.0~rc1~1"), 1);
  assert.equal(cmp("1.0~~", "1.0~"), -1);
  assert.equal(cmp("1.0", "1.0+deb12u1"), -1);
});

test("dpkg: epoch, upstream and revision compare in that order", () => {
  assert.equal(cmp("1:0.1", "2.0"), 1);
  assert.equal(cmp("0:1.0", "1.0"), 0);
  assert.equal(cmp("1.0-1", "1.0-1ubuntu0.1"), -1);
  assert.equal(cmp("2.2-1", "2.2~rc-4"), 1);
});

test("dpkg: numbers compare by value, letters before other characters", () => {
  assert.equal(cmp("1.002", "1.2"), 0);
  assert.equal(cmp("1.10", "1.9"), 1);
  assert.equal(cmp("1.0a", "1.0+"), -1);
  assert.equal(cmp("1.0", "1.0-0"), 0, "a missing revision compares as empty");
  assert.equal(compareDpkgStrings("~~a", "~"), -1);
});

test("dpkg: parse errors reject, syntax warnings are kept", () => {
  assert.deepEqual(parseDpkgVersion(" 1:2.3-4 "), {
    ok: true,
    value: { epoch: 1, upstream: "2.3", revision: "4" },
  });
  for (const bad of ["", "1.0-", ":1.0", "a:1.0", "-1:1.0", "1.0 2.0", "99999999999:1"]) {
    assert.equal(parseDpkgVersion(bad).ok, false, bad);
  }
  const warned = parseVersion("dpkg", "2:A7.4");
  assert.ok(warned.ok && warned.warning?.includes("digit"));
  assert.equal(cmp("a-0", "b-0"), -1, "warned versions still compare, as dpkg --compare-versions does");
});

test("dpkg: relation lists", () => {
  assert.equal(satisfies("dpkg", "1.2-1", ">= 1.0, << 2.0"), true);
  assert.equal(satisfies("dpkg", "2.0~rc1", "<< 2.0"), true);
  assert.equal(satisfies("dpkg", "2.0", "<< 2.0"), false);
  assert.equal(satisfies("dpkg", "2.0", "2.0-0"), true);
  assert.equal(satisfies("dpkg", "2.0", ">= nonsense!"), false);
});
