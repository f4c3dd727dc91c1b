import cliProgress from "cli-progress";

/**
 * A progress bar on stderr for long work, shown only on an interactive terminal: quiet in
 * CI (`CI` set) and when stderr is piped.
 */
export interface Progress {
  start(total: number, label: string): void;
  increment(by?: number): void;
  stop(): void;
}

export function progressEnabled(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}

export function createProgress(unit: string): Progress {
  if (!progressEnabled()) return { start() {}, increment() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `{label} [{bar}] {value}/{total} ${unit}`,
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  return {
    start: (total, label) => bar.start(total, 0, { label }),
    increment: (by = 1) => bar.increment(by),
    stop: () => bar.stop(),
  };
}
