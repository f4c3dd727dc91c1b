import type { Diagnostic, Finding, Sbom } from "../../model/index.js";
import { applySuppressions } from "./apply-suppressions.js";
import type { Suppressions } from "./suppression-types.js";

/**
 * A scan finding step (see `findingSteps` in src/app/scan.ts) that marks the findings the
 * loaded VEX statements and ignore rules suppress, judged at `now` against the scanned image.
 * The diagnostics of loading (`loaded.diagnostics`) are reported with the step's own.
 */
export function createSuppressionStep(
  loaded: Suppressions & { diagnostics?: Diagnostic[] },
  now: Date,
): (findings: Finding[], sbom: Sbom) => { findings: Finding[]; diagnostics: Diagnostic[] } {
  return (findings, sbom) => {
    const out = applySuppressions(findings, {
      rules: loaded.rules,
      vex: loaded.vex,
      now,
      target: sbom.target,
    });
    return { findings: out.findings, diagnostics: [...(loaded.diagnostics ?? []), ...out.diagnostics] };
  };
}
