import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, parseVersion, satisfies } from "../index.js";

const cmp = (a: string, b: string) => compareVersions("gem", a, b);

test("gem: string segments make pre-releases; trailing zeros do not count", () => {
  assert.equal(cmp("1.0.a", "1.0"), -1);
  assert.equal(cmp("1.0.rc1", "1.0.beta2"), 1);
  assert.equal(cmp("1.0", "1.0.0"), 0);
  assert.equal(cmp("1.0.a", "1.a"), 0);
  assert.equal(cmp("1.0-1", "1.0.pre.1"), 0, "'-' is shorthand for '.pre.'");
  assert.equal(cmp("3.10", "3.2"), 1);
  assert.equal(
    cmp("999999999999999999999999999991", "999999999999999999999999999999"),
    -1,
    "numbers of any size",
  );
  assert.equal(cmp(" 1.0\n", "1.0"), 0);
  assert.equal(parseVersion("gem", "").ok, true, "an empty version is 0");
  assert.equal(parseVersion("gem", "1..2").ok, false);
});

test("gem: requirements", () => {
  assert.equal(satisfies("gem", "1.4.9", "~> 1.4.4"), true);
  assert.equal(satisfies("gem", "1.5", "~> 1.4.4"), false);
  assert.equal(satisfies("gem", "1.9", "~> 1.4"), true);
  assert.equal(satisfies("gem", "2.0.a", "~> 1.4"), false);
  assert.equal(satisfies("gem", "1.5", [">= 1.4", "<= 1.6", "!= 1.5"]), false);
  assert.equal(satisfies("gem", "5.0.1", ">= 5.0.0, < 5.0.1"), false, "comma-separated, as advisories write");
  assert.equal(satisfies("gem", "1.0", "=> 1.0"), false, "ill-formed");
});
