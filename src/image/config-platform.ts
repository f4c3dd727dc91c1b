import { DrydockError } from "../model/index.js";
import type { ImageConfig } from "./image-source.js";
import { formatPlatform, normalizePlatform, type Platform, platformsMatch } from "./platform.js";

/** `os/arch[/variant]` of an image, from its config (the descriptor's platform as fallback). */
export function configPlatform(config: ImageConfig, fallback?: Partial<Platform>): string | undefined {
  const os = config.os ?? fallback?.os;
  const architecture = config.architecture ?? fallback?.architecture;
  if (!os || !architecture) return undefined;
  const variant = config.variant ?? fallback?.variant;
  return formatPlatform(normalizePlatform(variant ? { os, architecture, variant } : { os, architecture }));
}

/**
 * With `--platform`, a single image (no index to choose from) must be of that platform.
 * @throws DrydockError DRYDOCK_PLATFORM_NOT_FOUND naming the platform there is.
 */
export function checkConfigPlatform(config: ImageConfig, want: Platform, where: string): void {
  if (!config.os || !config.architecture) return;
  const have = {
    os: config.os,
    architecture: config.architecture,
    ...(config.variant ? { variant: config.variant } : {}),
  };
  if (platformsMatch(want, have)) return;
  throw new DrydockError(
    "DRYDOCK_PLATFORM_NOT_FOUND",
    `${where}: no image for platform ${formatPlatform(want)}; available: ${formatPlatform(normalizePlatform(have))}`,
  );
}
