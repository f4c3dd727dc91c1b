import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { test } from "node:test";
import { compareVersions, parseVersion } from "../../src/versioning/index.js";
import { samplePairs } from "./sample-pairs.js";

const tricky = [
  "1.0.dev0",
  "1.0a1",
  "1.0rc1",
  "1.0",
  "1.0.0",
  "1.0.post1",
  "1.0+local.7",
  "1!0.1",
  "2.0b1.post2.dev3",
];

const program = `
import json, sys
from packaging.version import Version
for a, b in json.load(sys.stdin):
    x, y = Version(a), Version(b)
    print(-1 if x < y else 1 if x > y else 0)
`;

const hasPackaging = spawnSync("python3", ["-c", "import packaging.version"]).status === 0;

test("PEP 440 order agrees with pypa/packaging on sampled pairs", {
  skip: !hasPackaging && "python3 with the packaging module is not available",
}, (t) => {
  const pairs = samplePairs(
    ["pypi.jsonl", "osv-scalibr/pypi-versions-generated.jsonl"],
    tricky,
    400,
    (v) => parseVersion("pep440", v).ok,
  );
  const run = spawnSync("python3", ["-c", program], { input: JSON.stringify(pairs), encoding: "utf8" });
  assert.equal(run.status, 0, run.stderr);
  const answers = run.stdout.trim().split("\n").map(Number);
  const disagreements = pairs
    .map(([a, b], i) => ({ a, b, packaging: answers[i], drydock: compareVersions("pep440", a, b) }))
    .filter((r) => r.packaging !== r.drydock);
  t.diagnostic(`${pairs.length} pairs compared with packaging.version`);
  assert.deepEqual(disagreements, []);
});
