import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, parseVersion, satisfies } from "../index.js";

const cmp = (a: string, b: string) => compareVersions("cargo", a, b);

test("cargo: SemVer order, with build metadata as a tie-breaker", () => {
  assert.equal(cmp("1.0.0-alpha.1", "1.0.0-alpha.beta"), -1);
  assert.equal(cmp("1.0.0-rc.1", "1.0.0"), -1);
  assert.equal(cmp("1.2.3+23", "1.2.3+42"), -1);
  assert.equal(cmp("1.2.3", "1.2.3+0"), -1);
  assert.equal(cmp("1.2.3+001", "1.2.3+01"), 1, "more leading zeros is greater");
  for (const bad of ["1.2", "v1.2.3", "01.2.3", "1.2.3-01", " 1.2.3"])
    assert.equal(parseVersion("cargo", bad).ok, false, bad);
});

test("cargo: version requirements", () => {
  assert.equal(satisfies("cargo", "1.9.0", "1.2.3"), true, "a bare version means ^");
  assert.equal(satisfies("cargo", "0.3.1", "^0.2"), false);
  assert.equal(satisfies("cargo", "0.0.4", "^0.0.3"), false);
  assert.equal(satisfies("cargo", "1.2.9", "~1.2.3"), true);
  assert.equal(
    satisfies("cargo", "1.3.0-rc.1", ">=1.2.0, <2"),
    false,
    "pre-releases need a matching comparator",
  );
  assert.equal(satisfies("cargo", "1.3.0-rc.1", ">=1.3.0-beta, <2"), true);
  assert.equal(satisfies("cargo", "2.1.0", "2.*"), true);
  assert.equal(satisfies("cargo", "1.0.0", "1.*.3"), false, "not a valid requirement");
});
