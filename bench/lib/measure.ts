import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Measurement {
  wallSeconds: number;
  maxRssKiB: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

const timeBin = "/usr/bin/time";

/**
 * Runs a command to completion and reports its wall time and peak RSS. The RSS comes from
 * `/usr/bin/time -v` (the kernel's accounting of the child's maximum resident set); without
 * that binary it is reported as -1.
 */
export async function measure(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Measurement> {
  const dir = mkdtempSync(join(tmpdir(), "drydock-bench-"));
  const timeFile = join(dir, "time.txt");
  const useTime = existsSync(timeBin);
  const started = process.hrtime.bigint();
  const child = spawn(useTime ? timeBin : cmd, useTime ? ["-v", "-o", timeFile, cmd, ...args] : args, {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    if (stdout.length < 64 * 1024 * 1024) stdout += d.toString("utf8");
  });
  child.stderr.on("data", (d: Buffer) => {
    if (stderr.length < 1024 * 1024) stderr += d.toString("utf8");
  });
  const exitCode: number = await new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  let maxRssKiB = -1;
  if (useTime && existsSync(timeFile)) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(readFileSync(timeFile, "utf8"));
    if (m) maxRssKiB = Number(m[1]);
  }
  rmSync(dir, { recursive: true, force: true });
  return { wallSeconds, maxRssKiB, exitCode, stdout, stderr };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
