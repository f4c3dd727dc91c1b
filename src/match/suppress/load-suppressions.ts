import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type Diagnostic, DrydockError } from "../../model/index.js";
import { parseVexDocument } from "./parse-vex-document.js";
import type { Suppressions } from "./suppression-types.js";

/** The ignore file read from the working directory when `--ignore-file` is not given. */
export const defaultIgnoreFile = ".drydock-ignore.yaml";

export interface LoadSuppressionsOptions {
  /** `--vex` files, in the order given. */
  vexFiles?: readonly string[];
  /** `--ignore-file`; when absent, `<cwd>/.drydock-ignore.yaml` is read if it exists. */
  ignoreFile?: string;
  /** Directory relative paths and the default ignore file are resolved against. */
  cwd: string;
}

/**
 * Reads the ignore file and VEX documents a scan is given. A missing `--ignore-file` or
 * `--vex` file is an error; a missing default `.drydock-ignore.yaml` is not.
 * @throws DrydockError DRYDOCK_CONFIG_INVALID naming the file and the cause (unreadable,
 * not YAML/JSON, unknown format, malformed rule or statement).
 */
export async function loadSuppressions(
  options: LoadSuppressionsOptions,
): Promise<Suppressions & { diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const rules = [];
  const explicit = options.ignoreFile !== undefined;
  const ignorePath = resolve(options.cwd, options.ignoreFile ?? defaultIgnoreFile);
  const ignoreText = await readText(
    ignorePath,
    options.ignoreFile ?? defaultIgnoreFile,
    "ignore file",
    explicit,
  );
  if (ignoreText !== undefined) {
    // Loaded only when there is a file: the YAML parser is a tenth of a warm scan's start-up.
    const { parseIgnoreFile } = await import("./parse-ignore-file.js");
    rules.push(...parseIgnoreFile(ignoreText, options.ignoreFile ?? defaultIgnoreFile));
  }
  const vex = [];
  for (const file of options.vexFiles ?? []) {
    const text = await readText(resolve(options.cwd, file), file, "VEX file", true);
    const parsed = parseVexDocument(text!, file);
    vex.push(...parsed.statements);
    diagnostics.push(...parsed.diagnostics);
  }
  return { rules, vex, diagnostics };
}

async function readText(
  path: string,
  shown: string,
  what: string,
  required: boolean,
): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && !required) return undefined;
    const why =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (e as Error).message;
    throw new DrydockError("DRYDOCK_CONFIG_INVALID", `${what} ${shown}: cannot be read: ${why}`);
  }
}
