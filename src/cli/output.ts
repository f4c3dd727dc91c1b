import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { DrydockError } from "../model/index.js";

/** Output format default: `table` on a TTY, `json` when piped. */
export function defaultFormat(): "table" | "json" {
  return process.stdout.isTTY ? "table" : "json";
}

/**
 * Writes a document to --output FILE atomically (temp file then rename, so a failed run
 * never leaves half a report), or to stdout.
 */
export async function writeOutput(text: string, file?: string): Promise<void> {
  if (!file || file === "-") {
    await new Promise<void>((resolve, reject) =>
      process.stdout.write(text.endsWith("\n") ? text : `${text}\n`, (e) => (e ? reject(e) : resolve())),
    );
    return;
  }
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    await new Promise<void>((resolve, reject) => {
      const out = createWriteStream(tmp);
      out.on("error", reject);
      out.end(text.endsWith("\n") ? text : `${text}\n`, () => resolve());
    });
    await rename(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new DrydockError(
      "DRYDOCK_CONFIG_INVALID",
      `--output ${file}: cannot write: ${(e as Error).message}`,
    );
  }
}
