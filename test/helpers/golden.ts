import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
const goldenDir = join(repoRoot, "test", "golden");

/** True when this run rewrites golden files instead of comparing (`UPDATE_GOLDEN=1`). */
export const updatingGolden = process.env.UPDATE_GOLDEN === "1";

/**
 * Compares `actual` with the golden file `test/golden/<name>`, or rewrites the file when
 * `UPDATE_GOLDEN=1`. A mismatch fails with the first differing line and the command that
 * accepts the change; a missing golden file fails too (never silently passes).
 */
export function golden(name: string, actual: string): void {
  const file = join(goldenDir, name);
  const shown = relative(repoRoot, file);
  if (updatingGolden) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file)) {
    assert.fail(`golden file ${shown} is missing: run UPDATE_GOLDEN=1 npm test -- test/golden and review it`);
  }
  const expected = readFileSync(file, "utf8");
  if (expected === actual) return;
  const want = expected.split("\n");
  const got = actual.split("\n");
  let line = 0;
  while (line < want.length && line < got.length && want[line] === got[line]) line++;
  assert.fail(
    [
      `${shown} differs from the output at line ${line + 1} (golden has ${want.length} lines, output ${got.length}):`,
      `  golden: ${JSON.stringify(want[line] ?? "<end of file>").slice(0, 300)}`,
      `  output: ${JSON.stringify(got[line] ?? "<end of output>").slice(0, 300)}`,
      "If the change is intended, run UPDATE_GOLDEN=1 npm test -- test/golden and review the diff.",
    ].join("\n"),
  );
}
