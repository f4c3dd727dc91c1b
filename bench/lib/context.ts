import { mkdirSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import type { DrydockCli } from "./drydock.js";

/** What every bench section shares. */
export interface BenchContext {
  repo: string;
  cli: DrydockCli;
  /** Trivy's binary, or why it cannot be had. */
  trivy: { path?: string; note?: string };
  runs: number;
  /** Scratch root of this bench run (removed at the end unless kept). */
  tmp: string;
  /** The advisory DB `db import` built from ../shared/vulndata, once that section ran. */
  db?: string;
  notes: string[];
  log(line: string): void;
}

/** A new empty folder under the scratch root. */
export function scratchDir(ctx: BenchContext, prefix: string): string {
  mkdirSync(ctx.tmp, { recursive: true });
  return mkdtempSync(join(ctx.tmp, `${prefix}-`));
}
