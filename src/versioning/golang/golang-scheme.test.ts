import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, parseVersion, satisfies } from "../index.js";
import { buildPseudoVersion, isPseudoVersion, splitPseudoVersion } from "./pseudo-version.js";

const cmp = (a: string, b: string) => compareVersions("golang", a, b);

test("golang: x/mod semver order", () => {
  assert.equal(cmp("v1", "v1.0.0"), 0);
  assert.equal(cmp("v1.2", "v1.2.0"), 0);
  assert.equal(cmp("v1.0.0-rc.1", "v1.0.0"), -1);
  assert.equal(cmp("v2.0.0+incompatible", "v2.0.0"), 0, "+incompatible is build metadata");
  assert.equal(cmp("v1.2.3", "1.2.3"), 0, "OSV writes Go versions without the v");
});

test("golang: invalid strings equal each other and sort below valid ones", () => {
  assert.equal(cmp("bad", "v1.0.0-pre"), -1);
  assert.equal(cmp("bad", "worse"), 0);
  assert.equal(cmp("v1.2-pre", "bad"), 0, "a short form takes no suffix");
  assert.equal(parseVersion("golang", "v01.2.3").ok, false);
});

test("golang: pseudo-versions sort after their base and before the next release", () => {
  const t = new Date("2023-05-01T12:00:00Z");
  const pseudo = buildPseudoVersion("v1", "v1.4.2", t, "0123456789ab");
  assert.equal(pseudo, "v1.4.3-0.20230501120000-0123456789ab");
  assert.ok(isPseudoVersion(pseudo));
  assert.equal(cmp(pseudo, "v1.4.2"), 1);
  assert.equal(cmp(pseudo, "v1.4.3"), -1);
  assert.equal(cmp(buildPseudoVersion("v1", "v1.5.0-rc.1", t, "abc"), "v1.5.0-rc.1"), 1);
  assert.equal(cmp("v0.0.0-20190101000000-aaaaaaaaaaaa", "v0.0.0-20200101000000-000000000000"), -1);
  assert.deepEqual(splitPseudoVersion("v2.0.1-0.20060102150405-hash+incompatible"), {
    base: "v2.0.1-0",
    timestamp: "20060102150405",
    rev: "hash",
    build: "+incompatible",
  });
  assert.equal(isPseudoVersion("v1.2.3-pre"), false);
});

test("golang: version queries", () => {
  assert.equal(satisfies("golang", "v1.4.3-0.20230501120000-0123456789ab", "<v1.4.3"), true);
  assert.equal(satisfies("golang", "v1.5.0", ">=v1.2.0, <v1.5.0"), false);
});
