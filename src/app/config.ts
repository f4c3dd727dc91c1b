import { homedir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";

/** The environment variables drydock's paths depend on. */
export type PathEnvironment = Partial<
  Record<"DRYDOCK_DB" | "DRYDOCK_CACHE_DIR" | "XDG_CACHE_HOME" | "HOME", string>
>;

/** File name of the advisory database inside the cache folder. */
export const defaultDbFileName = "advisories.db";

/**
 * The cache folder (advisory database, raw feed snapshots, layer cache):
 * `$DRYDOCK_CACHE_DIR`, else `$XDG_CACHE_HOME/drydock` (only when absolute, as the XDG
 * spec requires), else `~/.cache/drydock`.
 */
export function resolveCacheDir(env: PathEnvironment = process.env): string {
  if (env.DRYDOCK_CACHE_DIR) return resolve(env.DRYDOCK_CACHE_DIR);
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, "drydock");
  return join(env.HOME || homedir(), ".cache", "drydock");
}

/** The advisory database file: `--db`, else `$DRYDOCK_DB`, else `<cache>/advisories.db`. */
export function resolveDbPath(option: string | undefined, env: PathEnvironment = process.env): string {
  if (option) return resolve(option);
  if (env.DRYDOCK_DB) return resolve(env.DRYDOCK_DB);
  return join(resolveCacheDir(env), defaultDbFileName);
}

/** Where `db update` keeps each provider's raw downloads and their provenance. */
export function resolveFeedCacheDir(env: PathEnvironment = process.env): string {
  return join(resolveCacheDir(env), "feeds");
}
