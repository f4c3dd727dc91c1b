#!/usr/bin/env node
// Runs every *.test.ts under test/ and src/ with node's test runner through tsx.
// Node 20's runner does not expand globs itself, hence this small launcher.
// Extra arguments are passed on (e.g. a path filter: `npm test -- test/fs`).
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith("-"));
const flags = args.filter((a) => a.startsWith("-"));

function find(dir) {
  let out = [];
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names) {
    if (name === "node_modules" || name === "fixtures" || name.startsWith(".")) continue;
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(find(full));
    else if (name.endsWith(".test.ts")) out.push(full);
  }
  return out;
}

const files = ["test", "src"]
  .flatMap(find)
  .filter((f) => filters.length === 0 || filters.some((x) => f.startsWith(x) || f.includes(x)))
  .sort();
if (files.length === 0) {
  process.stderr.write("run-tests: no test files matched\n");
  process.exit(1);
}
const reporter = process.env.CI ? ["--test-reporter=spec"] : [];
const result = spawnSync(
  process.execPath,
  ["--import", "tsx", "--test", "--test-concurrency=2", ...reporter, ...flags, ...files],
  { stdio: "inherit" },
);
process.exit(result.status ?? 1);
