import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, parseVersion, satisfies } from "../index.js";

const cmp = (a: string, b: string) => compareVersions("nuget", a, b);

test("nuget: four numbers, case-insensitive labels, metadata ignored", () => {
  assert.equal(cmp("1.01", "1.1"), 0);
  assert.equal(cmp("1.0", "1.0.0.0"), 0);
  assert.equal(cmp("1.0.0.1", "1.0.0"), 1);
  assert.equal(cmp("1.0.0-BETA", "1.0.0-beta"), 0);
  assert.equal(cmp("1.0.0-beta.2", "1.0.0-beta.11"), -1);
  assert.equal(cmp("1.0.0-beta", "1.0.0"), -1);
  assert.equal(cmp("1.0.0+a", "1.0.0+b"), 0);
  for (const bad of ["1beta", "1.2.3.4.5", "1.4.7-", "2147483648.0"])
    assert.equal(parseVersion("nuget", bad).ok, false, bad);
});

test("nuget: interval ranges", () => {
  assert.equal(satisfies("nuget", "1.5.0", "[1.0,2.0)"), true);
  assert.equal(satisfies("nuget", "2.0.0", "[1.0,2.0)"), false);
  assert.equal(satisfies("nuget", "1.0", "(1.0,)"), false);
  assert.equal(satisfies("nuget", "0.1", "(,1.0]"), true);
  assert.equal(satisfies("nuget", "3.0", "1.0"), true, "a bare version is a minimum");
  assert.equal(satisfies("nuget", "1.0.0", "[1.0]"), true);
  assert.equal(satisfies("nuget", "1.0.1", "[1.0]"), false);
  assert.equal(satisfies("nuget", "1.0", "(1.0)"), false, "not a valid range");
  assert.equal(satisfies("nuget", "1.5", "1.*"), false, "floating ranges are refused");
});
