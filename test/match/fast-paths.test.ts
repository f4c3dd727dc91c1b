import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { factsOf, summaryOf } from "../../src/match/advisory-facts.js";
import { judgeAffected } from "../../src/match/judge-affected.js";
import { memoisedScheme } from "../../src/match/version-cache.js";
import type { Advisory, SchemeId, VersionRange } from "../../src/model/index.js";
import { compareRaw } from "../../src/versioning/compare-raw.js";
import { compareVersions, getScheme, isVersionInRange, parseVersion } from "../../src/versioning/index.js";

/**
 * The shortcuts matching takes for large SBOMs must not change a single answer: memoised
 * version parsing, and the summary read from a prefix of an advisory's details.
 */

describe("memoisedScheme", () => {
  const samples: Record<string, string[]> = {
    dpkg: ["1:2.3-1", "2.3-1+deb12u1", "2.3~rc1-1", "not a version!", "", "1.0", "1.0-1"],
    rpm: ["0:1.2-3.el9", "1.2-3.el9_2", "1.2", "~", "2:0.1-1"],
    apk: ["1.2.4-r3", "1.2.4_rc1-r0", "x", "1.2.4-r10"],
    pep440: ["1.0", "1.0rc1", "1.0.post1", "v1", "not-valid", "2!1.0"],
    golang: ["v1.21.0", "v1.21.0-rc.2", "v0.0.0-20230101000000-abcdefabcdef", "1.2.3", "(devel)"],
  };
  for (const [scheme, versions] of Object.entries(samples) as [SchemeId, string[]][]) {
    test(`${scheme}: the same parse results and order as the scheme itself`, () => {
      const memo = memoisedScheme(scheme);
      for (let round = 0; round < 2; round++) {
        for (const a of versions) {
          assert.deepEqual(memo.check(a), parseVersion(scheme, a), `${a} (round ${round})`);
          for (const b of versions)
            assert.equal(compareRaw(memo, a, b), compareVersions(scheme, a, b), `${a} vs ${b}`);
        }
      }
      assert.equal(memo.compare, getScheme(scheme).compare);
    });
  }
});

describe("judgeAffected's range test", () => {
  const samples: Record<string, string[]> = {
    dpkg: ["1.0-1", "1.2-1", "1.2~rc1-1", "2:0.1-1", "bad version!"],
    apk: ["1.2.4-r1", "1.2.4-r3", "1.2.5-r0", "x"],
    pep440: ["1.0", "1.0rc1", "1.5", "2.0.post1", "not-valid"],
    golang: ["v1.0.0", "v1.2.0-rc.1", "v1.2.0", "v2.0.0", "(devel)"],
  };
  for (const [scheme, versions] of Object.entries(samples) as [SchemeId, string[]][]) {
    test(`${scheme}: in range exactly when the versioning module says so`, () => {
      const bounds = [undefined, "0", "*", ...versions];
      for (const version of versions) {
        if (!parseVersion(scheme, version).ok) continue;
        for (const introduced of bounds) {
          for (const fixed of bounds) {
            for (const key of ["fixed", "lastAffected", "limit"] as const) {
              const range: VersionRange = { scheme };
              if (introduced !== undefined) range.introduced = introduced;
              if (fixed !== undefined) range[key] = fixed;
              const expected = isVersionInRange(scheme, version, range);
              const verdict = judgeAffected(
                version,
                {
                  ecosystem: "x",
                  name: "p",
                  status: "affected",
                  ranges: [range],
                  fix: { state: "unknown", versions: [] },
                },
                scheme,
              ).verdict;
              const what = `${version} in ${JSON.stringify(range)}`;
              if (expected === true) assert.equal(verdict, "affected", what);
              else if (expected === undefined) assert.equal(verdict, "unknown", what);
              else assert.ok(verdict === "fixed" || verdict === "out-of-range", `${what}: ${verdict}`);
            }
          }
        }
      }
    });
  }
});

describe("summary from an advisory's details", () => {
  /** The rule, spelled out on the whole text: first sentence of 2000 flattened characters, cut to 200. */
  const reference = (details: string): string | undefined => {
    const flat = details.slice(0, 2000).replace(/\s+/g, " ").trim();
    if (!flat) return undefined;
    const sentence = /^(.{20,}?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat;
    return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
  };
  const summary = (details: string, title?: string): string | undefined => {
    const a: Advisory = {
      id: "CVE-2024-1",
      aliases: [],
      provider: "p",
      severities: [],
      references: [],
      affected: [],
      details,
    };
    if (title !== undefined) a.summary = title;
    return summaryOf(factsOf(a));
  };
  const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");

  test("a title that only repeats the id gives way to the first sentence", () => {
    assert.equal(
      summary("A flaw in the parser allows a crash. More text.", "CVE-2024-1 openssl"),
      "A flaw in the parser allows a crash.",
    );
    assert.equal(summary("whatever", "A real title"), "A real title");
  });

  test("long details agree with the rule applied to the whole text", () => {
    const cases = [
      `${words(20)}. ${words(400)}`, // a short first sentence
      `${words(40)}. ${words(400)}`, // a first sentence past 200 characters
      `${words(300)}`, // no sentence end at all
      `${"x".repeat(511)}.abc ${words(200)}. end`, // a dot right at the prefix boundary, no space after it
      `${" \n\t".repeat(400)}A short first sentence here. ${words(300)}`, // whitespace-heavy start
      `${"a.".repeat(300)} tail`, // dots without spaces
      `${words(60)}\n\n${words(200)}!\n${words(10)}`,
    ];
    for (const details of cases) assert.equal(summary(details), reference(details), details.slice(0, 40));
  });
});
