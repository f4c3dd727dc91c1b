import type { Command } from "commander";
import { registerDbCommand } from "./db.js";
import { registerExplainCommand } from "./explain.js";
import { registerImageInspectCommand } from "./image-inspect.js";
import { registerSbomCommand } from "./sbom.js";
import { registerScanCommand } from "./scan.js";

/**
 * The command registry: one entry per top-level command, each registering itself on the
 * program. Adding a command adds one line here.
 */
export const commands = {
  sbom: registerSbomCommand,
  imageInspect: registerImageInspectCommand,
  db: registerDbCommand,
  scan: registerScanCommand,
  explain: registerExplainCommand,
} satisfies Record<string, (program: Command) => void>;
