import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, parseVersion, satisfies } from "../index.js";

const cmp = (a: string, b: string) => compareVersions("maven", a, b);

test("maven: qualifier order and release aliases", () => {
  const ordered = [
    "1-alpha-1",
    "1-beta-1",
    "1-milestone-1",
    "1-rc-1",
    "1-SNAPSHOT",
    "1",
    "1-sp-1",
    "1-abc",
    "1.0.1",
  ];
  for (let i = 1; i < ordered.length; i++)
    assert.equal(cmp(ordered[i - 1] as string, ordered[i] as string), -1, ordered[i]);
  assert.equal(cmp("1.0", "1"), 0);
  assert.equal(cmp("1-ga", "1-final"), 0);
  assert.equal(cmp("1.0-CR1", "1.0-rc1"), 0);
  assert.equal(cmp("1a1", "1-alpha-1"), 0);
  assert.equal(cmp("1.0.RC2", "1.0-RC3"), -1);
  assert.equal(cmp("1-1", "1.1"), -1);
  assert.equal(cmp("1.0.final-redhat", "1.0-sp1-redhat"), -1, "MNG-7714, as current Maven orders it");
});

test("maven: canonical form and limits", () => {
  const canonical = (v: string) => {
    const r = parseVersion("maven", v);
    return r.ok ? (r.value as { canonical: string }).canonical : r.reason;
  };
  assert.equal(canonical("1.0-ALPHA-1"), "1-alpha1");
  assert.equal(canonical("1.0.0-GA"), "1-ga");
  assert.equal(canonical("1.0.0"), "1");
  assert.equal(parseVersion("maven", "").ok, false);
  assert.equal(parseVersion("maven", "1.".repeat(200)).ok, false, "longer than Maven's 256-character limit");
});

test("maven: version ranges", () => {
  assert.equal(satisfies("maven", "1.5", "[1.0,2.0)"), true);
  assert.equal(satisfies("maven", "2.0", "[1.0,2.0)"), false);
  assert.equal(satisfies("maven", "2.0-SNAPSHOT", "[1.0,2.0)"), true);
  assert.equal(satisfies("maven", "0.9", "(,1.0]"), true);
  assert.equal(satisfies("maven", "1.3", "(,1.0],[1.2,)"), true);
  assert.equal(satisfies("maven", "1.1", "(,1.0],[1.2,)"), false);
  assert.equal(satisfies("maven", "1.0", "[1.0]"), true);
  assert.equal(satisfies("maven", "1.0", "1.0"), true);
  assert.equal(satisfies("maven", "1.0", "[2.0,1.0]"), false, "an inverted range is refused");
});
