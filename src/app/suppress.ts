import {
  createSuppressionStep,
  defaultIgnoreFile,
  type LoadSuppressionsOptions,
  loadSuppressions,
} from "../match/suppress/index.js";
import type { FindingStep } from "./scan.js";

export { defaultIgnoreFile };

/** What `scan --vex/--ignore-file` loaded, and the finding step that applies it. */
export interface PreparedSuppression {
  step: FindingStep;
  rules: number;
  statements: number;
}

/**
 * Reads the ignore file (`--ignore-file`, else `.drydock-ignore.yaml` in `cwd` when present)
 * and the `--vex` documents, and returns the scan finding step that marks what they suppress,
 * judged at `now` (the clock is a parameter so tests can fix it).
 * @throws DrydockError DRYDOCK_CONFIG_INVALID naming the file and the cause.
 */
export async function prepareSuppression(
  options: LoadSuppressionsOptions & { now?: Date },
): Promise<PreparedSuppression> {
  const loaded = await loadSuppressions(options);
  return {
    step: createSuppressionStep(loaded, options.now ?? new Date()),
    rules: loaded.rules.length,
    statements: loaded.vex.length,
  };
}
