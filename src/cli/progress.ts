/** Progress shows only on an interactive terminal: quiet in CI (`CI` set) and when stderr is piped. */
export function progressEnabled(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}

/** What a command reports layer progress through (does nothing when progress is off). */
export interface LayerProgress {
  onLayerDone: (layer: unknown, fromCache: boolean, total: number, bytesRead: number) => void;
  stop(): void;
}

/**
 * Progress of reading an image: layers done of all, and the bytes pulled with their rate
 * (registry downloads, archive reads). Layers served from the layer cache count as done and
 * pull nothing. The progress-bar library loads only when a bar is really shown.
 */
export async function createLayerProgress(): Promise<LayerProgress> {
  if (!progressEnabled()) return { onLayerDone() {}, stop() {} };
  const { default: cliProgress } = await import("cli-progress");
  const started = performance.now();
  const bar = new cliProgress.SingleBar(
    {
      format: "layers [{bar}] {value}/{total}  {bytes}  {rate}",
      stream: process.stderr,
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    onLayerDone(_layer, _fromCache, total, bytesRead) {
      const seconds = Math.max((performance.now() - started) / 1000, 0.001);
      const payload = { bytes: formatBytes(bytesRead), rate: `${formatBytes(bytesRead / seconds)}/s` };
      if (!running) {
        running = true;
        bar.start(total, 0, payload);
      }
      bar.increment(1, payload);
    },
    stop: () => bar.stop(),
  };
}

function formatBytes(n: number): string {
  if (n < 1024) return `${Math.round(n)} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
