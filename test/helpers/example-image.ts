import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const repoRoot = new URL("../../", import.meta.url).pathname;

/**
 * Builds the bundled example image (scripts/make-example-image.mjs) into a fresh temp dir.
 * Returns its path and a cleanup function.
 */
export function buildExampleImage(): { file: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "drydock-example-"));
  const file = join(dir, "hello-image.tar");
  execFileSync(process.execPath, [join(repoRoot, "scripts", "make-example-image.mjs"), file], {
    stdio: "pipe",
  });
  return { file, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
