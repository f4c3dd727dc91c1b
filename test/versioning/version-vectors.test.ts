import assert from "node:assert/strict";
import { test } from "node:test";
import { type FileCheck, fileChecks, filesWithoutScheme, type Line } from "./vector-checks.js";
import { vectorExceptions } from "./vector-exceptions.js";
import { hasVersionVectors, listVectorFiles, readVectorLines, versionVectorsDir } from "./vector-files.js";

/**
 * Runs every file of shared/vectors/version (README there) against the matching drydock
 * scheme. Each line must pass, or be excused by a named rule in vector-exceptions.ts; a
 * rule that excuses nothing fails the suite, so the list cannot go stale.
 */
const skip = hasVersionVectors()
  ? false
  : `shared version vectors not found at ${versionVectorsDir} (run with ../shared beside the repository)`;

test("every version vector file has a check", { skip }, () => {
  const known = new Set([...Object.keys(fileChecks), ...Object.keys(filesWithoutScheme)]);
  const files = listVectorFiles();
  assert.deepEqual(
    files.filter((f) => !known.has(f)),
    [],
    "vector files without a check",
  );
  assert.deepEqual(
    [...known].filter((f) => !files.includes(f)),
    [],
    "checks for files that are gone",
  );
});

const used = new Map<string, number>();

for (const [file, fileCheck] of Object.entries(fileChecks)) {
  test(`vectors ${file} (${fileCheck.scheme})`, { skip }, (t) => {
    const { passed, excused, viaFallback, failures } = runFile(file, fileCheck);
    const notes = [...excused].map(([rule, n]) => `${n} excused by ${rule}`);
    if (viaFallback > 0) notes.push(`${viaFallback} of the passes compared a string the scheme rejects`);
    t.diagnostic(`${file}: ${passed} passed${notes.length > 0 ? `, ${notes.join(", ")}` : ""}`);
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} failing lines in ${file}`);
  });
}

test("every vector exception excuses at least one line", { skip }, () => {
  const stale = vectorExceptions.filter((e) => !used.has(e.name)).map((e) => e.name);
  assert.deepEqual(stale, [], "exception rules that no longer excuse anything");
});

test("vector files without a drydock scheme", { skip }, (t) => {
  for (const [file, reason] of Object.entries(filesWithoutScheme)) {
    t.diagnostic(`${file}: ${readVectorLines(file).length} lines not run: ${reason}`);
  }
});

function runFile(file: string, fileCheck: FileCheck) {
  let passed = 0;
  let viaFallback = 0;
  const excused = new Map<string, number>();
  const failures: string[] = [];
  for (const line of readVectorLines(file)) {
    const problem = fileCheck.check(line);
    if (problem === undefined) {
      passed++;
      if (fileCheck.unparsed?.(line)) viaFallback++;
      continue;
    }
    const rule = vectorExceptions.find((e) => e.files.includes(file) && e.applies(line));
    if (rule) {
      excused.set(rule.name, (excused.get(rule.name) ?? 0) + 1);
      used.set(rule.name, (used.get(rule.name) ?? 0) + 1);
    } else {
      failures.push(`${describe(line)}: ${problem}`);
    }
  }
  return { passed, excused, viaFallback, failures };
}

function describe(line: Line): string {
  const { src: _src, ...rest } = line;
  return JSON.stringify(rest);
}
