import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, parseVersion, satisfies } from "../index.js";

const cmp = (a: string, b: string) => compareVersions("semver", a, b);

test("semver: pre-releases and build metadata", () => {
  assert.equal(cmp("1.0.0-alpha", "1.0.0-alpha.1"), -1);
  assert.equal(cmp("1.0.0-alpha.beta", "1.0.0-beta"), -1);
  assert.equal(cmp("1.0.0-beta.11", "1.0.0-beta.2"), 1);
  assert.equal(cmp("1.0.0-rc.1", "1.0.0"), -1);
  assert.equal(cmp("1.0.0+build.1", "1.0.0+build.2"), 0, "build metadata is ignored");
  assert.equal(cmp("v1.2.3", "=1.2.3"), 0, "npm's loose forms");
  assert.equal(parseVersion("semver", "1.2").ok, false);
});

test("semver: npm ranges, with pre-releases eligible", () => {
  assert.equal(satisfies("semver", "1.2.5", "^1.2.3"), true);
  assert.equal(satisfies("semver", "2.0.0", "^1.2.3"), false);
  assert.equal(satisfies("semver", "1.3.0-beta.1", "<1.4.0"), true, "includePrerelease");
  assert.equal(satisfies("semver", "0.9.0", ">=1.0.0 <2.0.0 || <0.9.1"), true);
  assert.equal(satisfies("semver", "1.0.0", "not a range"), false);
});
