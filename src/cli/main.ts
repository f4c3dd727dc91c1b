#!/usr/bin/env node
import { Command, CommanderError } from "commander";
import { drydockVersion } from "../app/version.js";
import { commands } from "./commands/index.js";
import { reportFailure, setDebug } from "./run-command.js";

/** Builds the `drydock` program: global flags plus every command in the registry. */
export function buildProgram(): Command {
  const program = new Command("drydock")
    .description("Container image vulnerability scanner and SBOM generator")
    .version(drydockVersion, "-V, --version")
    .option("--debug", "print detail on errors and internal counters on stderr")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .hook("preAction", (cmd) => setDebug(Boolean(cmd.optsWithGlobals().debug)));
  for (const register of Object.values(commands) as ((p: Command) => void)[]) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    return reportFailure(e);
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.exitCode = reportFailure(e);
  },
);
