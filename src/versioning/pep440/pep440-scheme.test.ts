import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, parseVersion, satisfies } from "../index.js";

const cmp = (a: string, b: string) => compareVersions("pep440", a, b);

test("pep440: dev < pre < final < post, zero padding and epochs", () => {
  const ordered = [
    "1.0.dev0",
    "1.0a1.dev1",
    "1.0a1",
    "1.0b2",
    "1.0rc1",
    "1.0",
    "1.0+local.1",
    "1.0.post1.dev0",
    "1.0.post1",
    "1.1",
  ];
  for (let i = 1; i < ordered.length; i++)
    assert.equal(cmp(ordered[i - 1] as string, ordered[i] as string), -1, ordered[i]);
  assert.equal(cmp("1.0", "1.0.0"), 0);
  assert.equal(cmp("1!0.1", "2.0"), 1);
  assert.equal(cmp("1.0+abc.5", "1.0+abc.10"), -1, "numeric local parts compare by value");
  assert.equal(cmp("1.0+5", "1.0+abc"), 1, "numbers rank above words in local labels");
});

test("pep440: normal form", () => {
  const normalized = (v: string) => {
    const r = parseVersion("pep440", v);
    return r.ok ? (r.value as { normalized: string }).normalized : r.reason;
  };
  assert.equal(normalized(" v1.0-ALPHA_2.r3-DEV4+Ubuntu-1 "), "1.0a2.post3.dev4+ubuntu.1");
  assert.equal(normalized("1.0+1e5"), "1.0+1e5");
  assert.equal(parseVersion("pep440", "1.0-bulbasaur").ok, false);
});

test("pep440: specifiers with packaging's exclusive-comparison rules", () => {
  assert.equal(satisfies("pep440", "2.0rc1", "<2.0"), false, "<V excludes pre-releases of V");
  assert.equal(satisfies("pep440", "1.9", "<2.0"), true);
  assert.equal(satisfies("pep440", "2.0.post1", ">2.0"), false, ">V excludes post-releases of V");
  assert.equal(satisfies("pep440", "2.0+local", ">2.0"), false);
  assert.equal(satisfies("pep440", "2.1", ">2.0"), true);
  assert.equal(satisfies("pep440", "1.4.5", "~=1.4.2"), true);
  assert.equal(satisfies("pep440", "1.5.0", "~=1.4.2"), false);
  assert.equal(satisfies("pep440", "2rc1", "==2.0.*"), true);
  assert.equal(satisfies("pep440", "1.2.3+ubuntu1", "==1.2.3"), true);
  assert.equal(satisfies("pep440", "1.5", ">=1.0, !=1.5"), false);
  assert.equal(satisfies("pep440", "1.0", ">=1.0+local"), false, "a local label is not allowed in >=");
});
