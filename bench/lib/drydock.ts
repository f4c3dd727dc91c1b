import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { type Measurement, measure } from "./measure.js";

/** The built CLI (`npm run build`, part of the quick start), run as users run it. */
export interface DrydockCli {
  /** dist/bin/drydock.js, the bundled CLI that `bin` points to */
  main: string;
  /** Top-level commands and `db` subcommands the build offers (`scan`, `db import`, ...). */
  commands: Set<string>;
}

/**
 * Finds the built CLI (dist/bin/drydock.js) and asks it which commands it has, so the harness can skip what
 * is not built yet with a note instead of failing.
 * @throws Error when dist/ is missing (run `npm run build` first).
 */
export function locateDrydock(repo: string): DrydockCli {
  const main = join(repo, "dist", "bin", "drydock.js");
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm ci && npm run example\` first`);
  const commands = new Set<string>();
  const help = (args: string[]): string => {
    try {
      return execFileSync(process.execPath, [main, ...args, "--help"], { encoding: "utf8", timeout: 60_000 });
    } catch {
      return "";
    }
  };
  for (const name of commandNames(help([]))) commands.add(name);
  if (commands.has("db")) for (const name of commandNames(help(["db"]))) commands.add(`db ${name}`);
  if (commands.has("image")) for (const name of commandNames(help(["image"]))) commands.add(`image ${name}`);
  return { main, commands };
}

/** Command names from commander's help text (the lines under "Commands:"). */
function commandNames(help: string): string[] {
  const at = help.indexOf("Commands:");
  if (at < 0) return [];
  const names: string[] = [];
  for (const line of help.slice(at).split("\n").slice(1)) {
    const m = /^ {2}([a-z][\w-]*)/.exec(line);
    if (m && m[1] !== "help") names.push(m[1]!);
  }
  return names;
}

/** Runs the CLI under /usr/bin/time with its caches pointed at `cacheDir`. */
export function runDrydock(
  cli: DrydockCli,
  args: string[],
  env: { cacheDir: string; extra?: NodeJS.ProcessEnv },
): Promise<Measurement> {
  return measure(process.execPath, [cli.main, ...args], {
    env: {
      ...process.env,
      DRYDOCK_CACHE_DIR: env.cacheDir,
      // No progress bars or colours: output goes to files.
      CI: "true",
      NO_COLOR: "1",
      ...env.extra,
    },
  });
}
