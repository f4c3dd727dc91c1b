import { DrydockError, ExitCode, isDrydockError } from "../model/index.js";

/** Global flags every command sees. */
export interface GlobalOptions {
  debug?: boolean;
  quiet?: boolean;
}

let debugEnabled = false;

export function setDebug(on: boolean): void {
  debugEnabled = on;
}

export function isDebug(): boolean {
  return debugEnabled;
}

/** Writes one `--debug` line to stderr (constant message plus structured fields). */
export function debugLog(event: string, fields: Record<string, unknown> = {}): void {
  if (!debugEnabled) return;
  process.stderr.write(`drydock debug: ${event} ${JSON.stringify(fields)}\n`);
}

/**
 * Turns any failure into the CLI contract: one line `drydock: <what>: <why>` on stderr and
 * the exit code of its error code. Never a stack trace unless --debug.
 */
export function reportFailure(e: unknown): number {
  if (isDrydockError(e)) {
    process.stderr.write(`drydock: ${oneLine(e.message)}\n`);
    if (e.hint) process.stderr.write(`hint: ${oneLine(e.hint)}\n`);
    if (debugEnabled) process.stderr.write(`${e.code}\n${e.stack ?? ""}\n`);
    return e.exitCode;
  }
  const err = e as { code?: string; message?: string; stack?: string };
  // commander signals its own exits (help, version, usage) with codes like 'commander.*'.
  if (typeof err?.code === "string" && err.code.startsWith("commander.")) {
    const exitCode = (e as { exitCode?: number }).exitCode ?? ExitCode.usage;
    return exitCode === 0 ? 0 : ExitCode.usage;
  }
  process.stderr.write(`drydock: internal error: ${oneLine(err?.message ?? String(e))}\n`);
  if (debugEnabled && err?.stack) process.stderr.write(`${err.stack}\n`);
  return ExitCode.target;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ").trim();
}

/** Wraps a command action so that it sets process.exitCode rather than throwing. */
export function action<A extends unknown[]>(fn: (...args: A) => Promise<number | undefined>) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await fn(...args);
      process.exitCode = code ?? 0;
    } catch (e) {
      process.exitCode = reportFailure(e);
    }
  };
}

export function usageError(message: string): DrydockError {
  return new DrydockError("DRYDOCK_USAGE", message);
}
