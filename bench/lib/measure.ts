import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";

export interface Measurement {
  wallSeconds: number;
  /** Peak resident set of the command (KiB), from the kernel's accounting; -1 when unknown. */
  maxRssKiB: number;
  /** CPU seconds in user and kernel mode (the command and its children); -1 when unknown. */
  userSeconds: number;
  systemSeconds: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface MeasureOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Kill the command (SIGKILL) after this many seconds; the measurement then has exit code 137. */
  timeoutSeconds?: number;
}

const timeBin = "/usr/bin/time";
const maxStdout = 64 * 1024 * 1024;
const maxStderr = 1024 * 1024;

/**
 * Runs a command to completion and reports its wall time, peak RSS and CPU time. RSS and CPU
 * come from `/usr/bin/time -v` (the kernel's accounting of the child); without that binary
 * they are -1. The wall time is measured here, around the whole child.
 */
export async function measure(
  cmd: string,
  args: string[],
  envOrOptions: NodeJS.ProcessEnv | MeasureOptions = process.env,
): Promise<Measurement> {
  const options: MeasureOptions = isMeasureOptions(envOrOptions) ? envOrOptions : { env: envOrOptions };
  const dir = mkdtempSync(join(tmpdir(), "drydock-bench-"));
  const timeFile = join(dir, "time.txt");
  const useTime = existsSync(timeBin);
  const started = process.hrtime.bigint();
  const child = spawn(useTime ? timeBin : cmd, useTime ? ["-v", "-o", timeFile, cmd, ...args] : args, {
    env: options.env ?? process.env,
    ...(options.cwd ? { cwd: options.cwd } : {}),
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    if (stdout.length < maxStdout) stdout += d.toString("utf8");
  });
  child.stderr.on("data", (d: Buffer) => {
    if (stderr.length < maxStderr) stderr += d.toString("utf8");
  });
  const timer =
    options.timeoutSeconds === undefined
      ? undefined
      : setTimeout(() => child.kill("SIGKILL"), options.timeoutSeconds * 1000);
  const exitCode: number = await new Promise((resolve) => {
    child.on("error", (e) => {
      stderr += `cannot run ${cmd}: ${e.message}\n`;
      resolve(127);
    });
    child.on("close", (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
  if (timer) clearTimeout(timer);
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  let maxRssKiB = -1;
  let userSeconds = -1;
  let systemSeconds = -1;
  if (useTime && existsSync(timeFile)) {
    const text = readFileSync(timeFile, "utf8");
    maxRssKiB = numberAfter(text, /Maximum resident set size \(kbytes\): (\d+)/) ?? -1;
    userSeconds = numberAfter(text, /User time \(seconds\): ([\d.]+)/) ?? -1;
    systemSeconds = numberAfter(text, /System time \(seconds\): ([\d.]+)/) ?? -1;
    // GNU time writes "Command exited with non-zero status N" first; the child's own code wins.
  }
  rmSync(dir, { recursive: true, force: true });
  return { wallSeconds, maxRssKiB, userSeconds, systemSeconds, exitCode, stdout, stderr };
}

/** The third argument is an environment (older callers) unless it carries an option key. */
function isMeasureOptions(x: NodeJS.ProcessEnv | MeasureOptions): x is MeasureOptions {
  if (x === process.env) return false;
  return typeof x.env === "object" || typeof x.cwd === "string" || typeof x.timeoutSeconds === "number";
}

function numberAfter(text: string, re: RegExp): number | undefined {
  const m = re.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Median, min and max of a series (NaN for an empty one). */
export interface Spread {
  median: number;
  min: number;
  max: number;
  n: number;
}

export function spread(xs: number[]): Spread {
  if (xs.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}
