import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, parseVersion, satisfies } from "../index.js";
import { phpVersionCompare } from "./php-version-compare.js";

const cmp = (a: string, b: string) => compareVersions("composer", a, b);

test("composer: normalisation", () => {
  const norm = (v: string) => {
    const r = parseVersion("composer", v);
    return r.ok ? r.value : r.reason;
  };
  assert.equal(norm("v1.2"), "1.2.0.0");
  assert.equal(norm("1.0.0-beta.2+build"), "1.0.0.0-beta2");
  assert.equal(norm("2.1.x-dev"), "2.1.9999999.9999999-dev");
  assert.equal(norm("master"), "dev-master");
  assert.equal(parseVersion("composer", "1.0.0-meh").ok, false);
});

test("composer: order of normalised versions", () => {
  assert.equal(cmp("1.0", "1.0.0"), 0);
  assert.equal(cmp("v2.0.0", "2.0.0-RC1"), 1);
  assert.equal(cmp("1.0.0-alpha2", "1.0.0-beta1"), -1);
  assert.equal(cmp("1.0.0-patch1", "1.0.0"), 1);
  assert.equal(cmp("dev-main", "0.0.1"), -1, "branches sort below numbered versions");
});

test("php version_compare", () => {
  assert.equal(phpVersionCompare("1.0-dev", "1.0a1"), -1);
  assert.equal(phpVersionCompare("1.0rc1", "1.0"), -1);
  assert.equal(phpVersionCompare("1.0", "1.0pl1"), -1);
  assert.equal(phpVersionCompare("1.0", "1.0.0"), -1, "raw version_compare: a longer version wins");
  assert.equal(phpVersionCompare("1.0.0rc2", "1.0.0.rc2"), 0);
});

test("composer: constraints", () => {
  assert.equal(satisfies("composer", "1.9.9", "^1.2"), true);
  assert.equal(satisfies("composer", "2.0.0-beta1", "^1.2"), false);
  assert.equal(satisfies("composer", "1.2.9", "~1.2.3"), true);
  assert.equal(satisfies("composer", "1.3.0", "~1.2.3"), false);
  assert.equal(satisfies("composer", "1.2.3-RC1", "<1.2.3"), false, "<V starts below V's pre-releases");
  assert.equal(satisfies("composer", "1.5.0", ">=1.0,<1.1 || >=1.5"), true);
  assert.equal(satisfies("composer", "1.0.5", "1.0.*"), true);
  assert.equal(satisfies("composer", "2.1.0", "1.0 - 2.0"), false);
  assert.equal(satisfies("composer", "2.0.9", "1.0 - 2.0"), true);
  assert.equal(satisfies("composer", "dev-main", ">=1.0"), false, "branches never satisfy an ordering");
  assert.equal(satisfies("composer", "dev-main", "*"), true);
  assert.equal(satisfies("composer", "1.0", "~>1.0"), false, "~> is not a Composer operator");
});
