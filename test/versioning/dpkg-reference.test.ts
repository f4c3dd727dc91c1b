import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { compareVersions, parseVersion } from "../../src/versioning/index.js";
import { samplePairs } from "./sample-pairs.js";

/** Tricky Debian versions that hold even without the shared vectors. */
const tricky = [
  "1.0~rc1",
  "1.0",
  "1.0-0",
  "1.0+deb12u1",
  "1:0.9",
  "1.002",
  "1.2",
  "2.30-1ubuntu0.1~esm1",
  "2.30-1ubuntu0.1",
  "0~20230101.1",
  "1.0a",
  "1.0+",
  "1.0.~",
  "7.88.1-10+deb12u5",
  "3.0.11-1~deb12u2",
];

const hasDpkg = spawnSync("dpkg", ["--version"]).status === 0;

test("dpkg order agrees with dpkg --compare-versions on sampled pairs", {
  skip: !hasDpkg && "dpkg is not installed on this machine",
}, (t) => {
  const pairs = samplePairs(
    ["deb.jsonl", "osv-scalibr/debian-versions-generated.jsonl"],
    tricky,
    300,
    (v) => {
      const r = parseVersion("dpkg", v);
      return r.ok && r.warning === undefined;
    },
  );
  const dir = mkdtempSync(join(tmpdir(), "drydock-dpkg-"));
  try {
    const file = join(dir, "pairs.txt");
    writeFileSync(file, pairs.map(([a, b]) => `${a} ${b}\n`).join(""));
    const script = `while read -r a b; do
        if dpkg --compare-versions "$a" lt "$b"; then echo -1
        elif dpkg --compare-versions "$a" eq "$b"; then echo 0
        else echo 1; fi
      done < "$1"`;
    const run = spawnSync("sh", ["-c", script, "sh", file], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    const answers = run.stdout.trim().split("\n").map(Number);
    assert.equal(answers.length, pairs.length);
    const disagreements = pairs
      .map(([a, b], i) => ({ a, b, dpkg: answers[i], drydock: compareVersions("dpkg", a, b) }))
      .filter((r) => r.dpkg !== r.drydock);
    t.diagnostic(`${pairs.length} pairs compared with dpkg --compare-versions`);
    assert.deepEqual(disagreements, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
