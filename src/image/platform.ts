import { DrydockError } from "../model/index.js";

/** An image platform (OCI image-spec image-index.md `platform`), normalised. */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const archAliases: Record<string, string> = {
  x86_64: "amd64",
  "x86-64": "amd64",
  x64: "amd64",
  aarch64: "arm64",
  armhf: "arm",
  armel: "arm",
  i386: "386",
  i686: "386",
  ia32: "386",
  x86: "386",
};

/**
 * Normalises a platform the way containerd does: architecture aliases (`x86_64` → `amd64`,
 * `aarch64` → `arm64`), `arm64` without variant → `v8`, `arm` without variant → `v7`,
 * numeric variants get their `v` (`8` → `v8`). `armhf`/`armel` imply `v7`/`v6`.
 */
export function normalizePlatform(p: { os?: string; architecture?: string; variant?: string }): Platform {
  const os = (p.os ?? "").toLowerCase();
  const rawArch = (p.architecture ?? "").toLowerCase();
  const architecture = archAliases[rawArch] ?? rawArch;
  let variant = p.variant?.toLowerCase();
  if (variant !== undefined && /^\d+$/.test(variant)) variant = `v${variant}`;
  if (variant === "") variant = undefined;
  if (architecture === "arm64" && variant === undefined) variant = "v8";
  if (architecture === "arm" && variant === undefined) {
    variant = rawArch === "armel" ? "v6" : "v7";
  }
  return variant === undefined ? { os, architecture } : { os, architecture, variant };
}

/**
 * Parses `os/arch[/variant]` (as `--platform` takes it).
 * @throws DrydockError DRYDOCK_USAGE on a malformed value.
 */
export function parsePlatform(text: string): Platform {
  const parts = text.trim().split("/");
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[A-Za-z0-9_.-]+$/.test(p))) {
    throw new DrydockError(
      "DRYDOCK_USAGE",
      `--platform ${JSON.stringify(text)}: expected os/arch[/variant], e.g. linux/arm64/v8`,
    );
  }
  const [os, architecture, variant] = parts as [string, string, string | undefined];
  return normalizePlatform(variant === undefined ? { os, architecture } : { os, architecture, variant });
}

/** `os/arch[/variant]`, as written on the command line and in reports. */
export function formatPlatform(p: Platform): string {
  return p.variant ? `${p.os}/${p.architecture}/${p.variant}` : `${p.os}/${p.architecture}`;
}

/** True when two platforms are the same after normalisation. */
export function platformsMatch(
  want: Platform,
  have: { os?: string; architecture?: string; variant?: string },
): boolean {
  const a = normalizePlatform(want);
  const b = normalizePlatform(have);
  return a.os === b.os && a.architecture === b.architecture && a.variant === b.variant;
}

const nodeArch: Record<string, string> = {
  x64: "amd64",
  arm64: "arm64",
  arm: "arm",
  ia32: "386",
  ppc64: "ppc64le",
  s390x: "s390x",
  riscv64: "riscv64",
  loong64: "loong64",
  mips: "mips",
  mipsel: "mipsle",
};

/** The platform an index resolves to when no `--platform` is given: Linux on this CPU. */
export function hostPlatform(): Platform {
  const os = process.platform === "win32" ? "windows" : "linux";
  return normalizePlatform({ os, architecture: nodeArch[process.arch] ?? process.arch });
}

/** The outcome of choosing among the entries of an index. */
export interface PlatformChoice<T> {
  chosen: T;
  platform: Platform;
  /** `requested` (matched --platform), `host` (no --platform, several entries), `only` (single entry). */
  reason: "requested" | "host" | "only";
}

/**
 * Chooses the entry for `want` (or the host platform when several entries and none asked for).
 * Entries with platform `unknown/unknown` (build attestations) are never chosen.
 * @throws DrydockError DRYDOCK_PLATFORM_NOT_FOUND listing the platforms there are.
 */
export function selectPlatform<T>(
  entries: { item: T; platform: Platform }[],
  want: Platform | undefined,
  where: string,
): PlatformChoice<T> {
  const usable = entries.filter((e) => e.platform.os !== "unknown" && e.platform.architecture !== "unknown");
  const target = want ?? hostPlatform();
  const found = usable.find((e) => platformsMatch(target, e.platform));
  if (found) return { chosen: found.item, platform: found.platform, reason: want ? "requested" : "host" };
  if (!want && usable.length === 1 && usable[0]) {
    return { chosen: usable[0].item, platform: usable[0].platform, reason: "only" };
  }
  const there = [...new Set(usable.map((e) => formatPlatform(normalizePlatform(e.platform))))].sort();
  throw new DrydockError(
    "DRYDOCK_PLATFORM_NOT_FOUND",
    `${where}: no image for platform ${formatPlatform(target)}${want ? "" : " (this host)"}; available: ${there.join(", ") || "none"}`,
    { hint: want ? undefined : "choose one with --platform" },
  );
}
