import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { VersionRange } from "../model/advisory.js";
import { isDrydockError } from "../model/errors.js";
import {
  compareVersions,
  getScheme,
  isAffected,
  isVersionInRange,
  parseRange,
  parseVersion,
  satisfies,
  schemes,
} from "./index.js";

test("the registry holds every scheme id and every scheme folder", () => {
  const ids = [
    "dpkg",
    "rpm",
    "apk",
    "pep440",
    "semver",
    "maven",
    "gem",
    "golang",
    "nuget",
    "composer",
    "cargo",
  ];
  assert.deepEqual(Object.keys(schemes).sort(), [...ids].sort());
  for (const [id, scheme] of Object.entries(schemes)) assert.equal(scheme.id, id);
  const here = fileURLToPath(new URL(".", import.meta.url));
  const folders = readdirSync(here, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  assert.deepEqual(folders.sort(), [...ids].sort(), "each scheme folder is registered");
});

test("an unknown scheme is a DrydockError, and nothing else throws", () => {
  for (const call of [
    () => compareVersions("cran", "1", "2"),
    () => parseVersion("cran", "1"),
    () => satisfies("cran", "1", "*"),
    () => isAffected("cran", "1", []),
  ]) {
    assert.throws(call, (e) => isDrydockError(e) && e.code === "DRYDOCK_UNKNOWN_SCHEME" && e.exitCode === 2);
  }
  assert.throws(() => getScheme("__proto__"), isDrydockError);
});

const hostile = [
  "",
  " ",
  "\u0000",
  "\n1.0",
  "v",
  "-",
  "+",
  "~",
  "^",
  ":",
  "*",
  "[",
  "(,)",
  "1..2",
  "1.0-",
  "é1.ü",
  "𝟤.𝟤",
  "1".repeat(400),
  "1.".repeat(600),
  "1.".repeat(600),
  "a1".repeat(600),
  "_alpha".repeat(200),
  `${"9".repeat(40)}.${"0".repeat(40)}`,
  "1.0.0-beta+exp.sha.5114f85",
  "2:1.0~rc1-1ubuntu0.1",
  "1.0_rc1-r3",
];

test("hostile strings never throw, and every order is antisymmetric", () => {
  const started = Date.now();
  for (const id of Object.keys(schemes)) {
    for (const a of hostile) {
      parseVersion(id, a);
      parseRange(id, a);
      satisfies(id, a, a);
      for (const b of hostile) {
        const ab = compareVersions(id, a, b);
        const ba = compareVersions(id, b, a);
        assert.equal(
          ab,
          (0 - ba) as typeof ab,
          `${id}: ${JSON.stringify(a).slice(0, 40)} vs ${JSON.stringify(b).slice(0, 40)}`,
        );
      }
    }
  }
  assert.ok(Date.now() - started < 20_000, "no pathological slowness on long inputs");
});

test("parseVersion explains a rejection", () => {
  const r = parseVersion("semver", "1.2");
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.reason.length > 0);
});

const range = (r: Omit<VersionRange, "scheme">): VersionRange => ({ scheme: "ecosystem", ...r });

test("OSV ranges: introduced inclusive, fixed exclusive, last_affected inclusive, limit exclusive", () => {
  const semver = (v: string, r: VersionRange) => isVersionInRange("semver", v, r);
  assert.equal(semver("1.0.0", range({ introduced: "1.0.0", fixed: "1.2.0" })), true);
  assert.equal(semver("1.2.0", range({ introduced: "1.0.0", fixed: "1.2.0" })), false);
  assert.equal(semver("0.9.9", range({ introduced: "1.0.0", fixed: "1.2.0" })), false);
  assert.equal(semver("1.2.0", range({ introduced: "0", lastAffected: "1.2.0" })), true);
  assert.equal(semver("1.2.1", range({ introduced: "0", lastAffected: "1.2.0" })), false);
  assert.equal(semver("5.0.0", range({ introduced: "1.0.0" })), true);
  assert.equal(semver("1.5.0", range({ introduced: "1.0.0", limit: "1.5.0" })), false);
  assert.equal(semver("1.4.0", range({ introduced: "1.0.0", limit: "*" })), true);
});

test("OSV ranges: introduced 0 is the very beginning, even where '0' is not the lowest version", () => {
  assert.equal(isVersionInRange("apk", "0_alpha1", range({ introduced: "0", fixed: "1.0-r0" })), true);
  assert.equal(isVersionInRange("dpkg", "0~beta", range({ introduced: "0", fixed: "1.0" })), true);
});

test("OSV ranges: unknown answers stay unknown", () => {
  assert.equal(isVersionInRange("semver", "not-a-version", range({ introduced: "0" })), undefined);
  assert.equal(isVersionInRange("semver", "1.0.0", range({ introduced: "0", fixed: "garbage" })), undefined);
  assert.equal(isVersionInRange("semver", "1.0.0", { scheme: "git", introduced: "abc" }), undefined);
});

test("OSV affected: a union of ranges plus listed versions", () => {
  const ranges = [range({ introduced: "1.0", fixed: "1.2" }), range({ introduced: "2.0", fixed: "2.0.5" })];
  assert.equal(isAffected("pep440", "1.1", ranges), true);
  assert.equal(isAffected("pep440", "2.0.4", ranges), true);
  assert.equal(isAffected("pep440", "1.5", ranges), false);
  assert.equal(
    isAffected("pep440", "1.5.0", ranges, ["1.5"]),
    true,
    "listed versions match by scheme equality",
  );
  assert.equal(isAffected("pep440", "not!a!version", ranges), undefined);
  assert.equal(isAffected("pep440", "1.5", [...ranges, range({ fixed: "bad bound" })]), undefined);
  assert.equal(
    isAffected("pep440", "1.5", [...ranges, { scheme: "git", introduced: "abc" }]),
    false,
    "git ranges are skipped",
  );
  assert.equal(isAffected("golang", "v1.2.3", [range({ introduced: "0", fixed: "1.2.4" })]), true);
});

test("over-long ranges are refused with a reason", () => {
  const long = `>=${"1 ".repeat(600)}`;
  const r = parseRange("semver", long);
  assert.ok(!r.ok && r.reason.includes("longer than"));
  assert.equal(satisfies("semver", "1.0.0", long), false);
});
