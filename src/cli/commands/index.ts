import type { Command } from "commander";

/**
 * The command registry: one entry per top-level command, each registering itself on the
 * program. Adding a command adds one line here.
 */
export const commands = {} satisfies Record<string, (program: Command) => void>;
