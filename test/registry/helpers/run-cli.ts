/** Runs the drydock CLI from source (`node --import tsx src/cli/main.ts …`) and collects what it printed. */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./registry-server.js";

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(repoRoot, "src/cli/main.ts"), ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => {
      stdout += c.toString("utf8");
    });
    child.stderr.on("data", (c: Buffer) => {
      stderr += c.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? "");
  });
}

/**
 * The failure contract: exit 3, one `drydock: <target>: <cause>` line (an optional `hint:`
 * line after it), no stack trace.
 */
export function failureLine(result: CliResult): string {
  const lines = result.stderr.trimEnd().split("\n");
  const [first, ...rest] = lines;
  if (!first?.startsWith("drydock: ") || rest.some((l) => !l.startsWith("hint: "))) {
    throw new Error(`not a one-line failure:\n${result.stderr}`);
  }
  return first;
}

/** `text` as a literal inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
