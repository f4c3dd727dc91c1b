import { execFileSync } from "node:child_process";
import { cpus, freemem, loadavg, release, totalmem } from "node:os";

/** What the figures were measured on: they mean little without it. */
export interface MachineFacts {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  os: string;
  node: string;
  /** 1, 5 and 15-minute load averages when the bench started and when it ended. */
  loadAtStart: number[];
  loadAtEnd?: number[];
  commit: string;
  /** True when the working tree had uncommitted changes (the figures are of that tree). */
  dirty: boolean;
  startedAt: string;
}

const gib = (bytes: number): number => Math.round((bytes / 1024 ** 3) * 10) / 10;
const round2 = (x: number): number => Math.round(x * 100) / 100;

export function readMachineFacts(repo: string): MachineFacts {
  const cpu = cpus();
  let commit = "unknown";
  let dirty = false;
  try {
    commit = execFileSync("git", ["rev-parse", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
    dirty =
      execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
        cwd: repo,
        encoding: "utf8",
      }).trim() !== "";
  } catch {
    // not a git checkout (a tarball): leave "unknown"
  }
  return {
    cpuModel: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    os: `${process.platform} ${release()} ${process.arch}`,
    node: process.version,
    loadAtStart: loadavg().map(round2),
    commit,
    dirty,
    startedAt: new Date().toISOString(),
  };
}

export function currentLoad(): number[] {
  return loadavg().map(round2);
}
