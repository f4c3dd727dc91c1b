import { type Diagnostic, diagnostic, type Package } from "../model/index.js";
import type { Candidate, Judgement, PackageSkip } from "./matcher.js";

/**
 * Match problems as diagnostics, grouped so a report stays short: one per package whose
 * candidates could not be evaluated (a version or bound the scheme cannot read), one per
 * reason packages were not matched at all (a `(devel)` Go main module, a package type with
 * no matcher). OS-owned packages are counted in one info line.
 */
export function summariseProblems(
  unknown: readonly { pkg: Package; candidate: Candidate; judgement: Judgement }[],
  skipped: readonly PackageSkip[],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byPackage = new Map<Package, (typeof unknown)[number][]>();
  for (const t of unknown) {
    const list = byPackage.get(t.pkg);
    if (list) list.push(t);
    else byPackage.set(t.pkg, [t]);
  }
  for (const [pkg, list] of byPackage) {
    const ids = [...new Set(list.map((t) => t.candidate.advisory.id))];
    const reason = list[0]!.judgement.verdict === "unknown" ? list[0]!.judgement.reason : "";
    out.push(
      diagnostic(
        "match-not-evaluated",
        `${pkg.type} ${pkg.name} ${pkg.version}: ${ids.length} advisor${ids.length === 1 ? "y" : "ies"} could not be evaluated (${ids.slice(0, 3).join(", ")}${ids.length > 3 ? ", ..." : ""}): ${reason}`,
        {
          source: "match",
          ...(pkg.locations[0] ? { file: pkg.locations[0].path, layer: pkg.locations[0].layer } : {}),
        },
      ),
    );
  }
  const groups = new Map<string, PackageSkip[]>();
  for (const s of skipped) {
    const key = s.reason === "os-owned" ? "os-owned" : `${s.reason}\u0000${s.detail}`;
    const list = groups.get(key);
    if (list) list.push(s);
    else groups.set(key, [s]);
  }
  for (const [key, list] of groups) {
    const names = list.map((s) => `${s.pkg.name}@${s.pkg.version}`);
    const sample = `${names.slice(0, 3).join(", ")}${names.length > 3 ? ", ..." : ""}`;
    if (key === "os-owned") {
      out.push(
        diagnostic(
          "match-os-owned",
          `${list.length} language package(s) owned by OS packages were judged by the distro's advisories only (${sample}); --include-os-owned matches them against their ecosystem too`,
          { source: "match", level: "info" },
        ),
      );
      continue;
    }
    const first = list[0]!;
    out.push(
      diagnostic(
        first.reason === "no-matcher" ? "match-no-matcher" : "match-unmatchable",
        `${list.length} package(s) not matched (${sample}): ${first.detail}`,
        { source: "match", level: "info" },
      ),
    );
  }
  return out;
}
