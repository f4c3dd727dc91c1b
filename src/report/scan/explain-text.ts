import pc from "picocolors";
import type { Explanation, ExplanationReason } from "../../model/index.js";

const labels: Record<ExplanationReason["kind"], string> = {
  reported: "REPORTED",
  suppressed: "SUPPRESSED",
  "not-suppressed": "NOT SUPPRESSED",
  hidden: "HIDDEN",
  "vendor-not-affected": "NOT AFFECTED (vendor)",
  fixed: "FIXED",
  "out-of-range": "OUT OF RANGE",
  "not-evaluated": "NOT EVALUATED",
  "not-applicable": "NOT APPLICABLE",
  "os-owned": "OS-OWNED",
  "other-release": "NO ADVISORY FOR THIS RELEASE",
  "not-installed": "NOT INSTALLED",
  withdrawn: "WITHDRAWN",
  "unknown-id": "UNKNOWN ID",
};

/** `drydock explain` for people: the verdict, then one block per reason. */
export function formatExplanationText(e: Explanation, options: { color?: boolean } = {}): string {
  const c = options.color ? pc : pc.createColors(false);
  const distro = e.distro
    ? `${e.distro.prettyName ?? `${e.distro.id} ${e.distro.versionId ?? ""}`.trim()}`
    : "unknown OS";
  const lines = [
    `${c.bold(e.query)} in ${e.target.ref ?? e.target.input} (${distro})`,
    e.ids.length > 1
      ? c.dim(`also known as ${e.ids.filter((i) => i !== e.query.toUpperCase()).join(", ")}`)
      : "",
    (e.reported ? c.red : c.green)(e.verdict),
    "",
  ].filter((l, i) => l !== "" || i === 3);
  for (const r of e.reasons) {
    lines.push(`${c.bold(labels[r.kind])}  ${r.message}`);
    for (const o of r.owner?.reasons ?? [])
      lines.push(`    ${c.dim("owner:")} ${labels[o.kind]}  ${o.message}`);
  }
  return `${lines.join("\n")}\n`;
}
