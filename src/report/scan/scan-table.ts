import Table from "cli-table3";
import pc from "picocolors";
import type { Finding, ScanResult, Severity } from "../../model/index.js";
import { summariseScan } from "./scan-document.js";

type Colors = ReturnType<typeof pc.createColors>;

const paint: Record<Severity, (c: Colors, s: string) => string> = {
  critical: (c, s) => c.bold(c.red(s)),
  high: (c, s) => c.red(s),
  medium: (c, s) => c.yellow(s),
  low: (c, s) => c.blue(s),
  negligible: (c, s) => c.dim(s),
  unknown: (c, s) => c.dim(s),
};

/** Options of {@link formatScanTable}. */
export interface ScanTableOptions {
  /** ANSI colours. */
  color?: boolean;
  /** List the suppressed findings in a section of their own (`--show-suppressed`). */
  showSuppressed?: boolean;
}

/**
 * The findings for people: one row per finding (package, installed, fixed-in or the
 * vendor's state, type, id, severity, title), most severe first, then a summary line by
 * severity. Suppressed findings are counted, and listed apart with the VEX statement or
 * ignore rule that suppressed them (its reason and expiry) when `showSuppressed` is set.
 */
export function formatScanTable(result: ScanResult, options: ScanTableOptions = {}): string {
  const c = options.color ? pc : pc.createColors(false);
  const { sbom } = result;
  const distro = sbom.distro
    ? `${sbom.distro.prettyName ?? `${sbom.distro.id} ${sbom.distro.versionId ?? ""}`.trim()}${
        sbom.distro.support && sbom.distro.support !== "supported"
          ? c.yellow(` (${sbom.distro.support})`)
          : ""
      }`
    : "unknown OS";
  const lines = [`${c.bold(sbom.target.ref ?? sbom.target.input)}  ${distro}`];
  const shown = result.findings.filter((f) => !f.suppressed);
  if (shown.length > 0) {
    const table = new Table({
      head: ["PACKAGE", "INSTALLED", "FIXED IN", "TYPE", "VULNERABILITY", "SEVERITY", "TITLE"].map((h) =>
        c.bold(h),
      ),
      style: { head: [], border: [], compact: true },
      chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    });
    for (const f of shown) {
      table.push([
        f.package.name,
        f.package.version,
        fixedIn(f),
        f.package.type,
        f.vulnerability.id + (f.vulnerability.kev ? c.red(" (KEV)") : ""),
        paint[f.vulnerability.severity](c, f.vulnerability.severity),
        truncate(f.vulnerability.summary ?? "", 60),
      ]);
    }
    lines.push(table.toString());
  }
  const suppressed = result.findings.filter((f) => f.suppressed);
  if (options.showSuppressed && suppressed.length > 0) {
    lines.push(c.bold(`Suppressed (${suppressed.length})`), suppressedTable(suppressed, c));
  }
  lines.push(summaryLine(result, c, Boolean(options.showSuppressed)));
  return `${lines.join("\n")}\n`;
}

/** The suppressed findings, each with the statement or rule that suppressed it. */
function suppressedTable(findings: Finding[], c: Colors): string {
  const table = new Table({
    head: [
      "PACKAGE",
      "INSTALLED",
      "TYPE",
      "VULNERABILITY",
      "SEVERITY",
      "SUPPRESSED BY",
      "REASON",
      "EXPIRES",
    ].map((h) => c.bold(h)),
    style: { head: [], border: [], compact: true },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const f of findings) {
    const s = f.suppressed!;
    table.push([
      f.package.name,
      f.package.version,
      f.package.type,
      f.vulnerability.id,
      paint[f.vulnerability.severity](c, f.vulnerability.severity),
      `${s.by === "vex" ? "VEX" : "ignore file"} ${s.reference}`,
      truncate(s.reason ?? "", 60),
      s.expires ?? "",
    ]);
  }
  return table.toString();
}

function fixedIn(f: Finding): string {
  if (f.fix.versions.length > 0) return f.fix.versions.join(", ");
  if (f.vendorState) return `(${f.vendorState})`;
  return f.fix.state === "not-fixed" ? "(not fixed)" : "";
}

function summaryLine(result: ScanResult, c: Colors, suppressedListed: boolean): string {
  const s = summariseScan(result);
  const parts = Object.entries(s.bySeverity)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => paint[sev as Severity](c, `${sev} ${n}`));
  const extra: string[] = [];
  if (s.suppressed)
    extra.push(`${s.suppressed} suppressed${suppressedListed ? "" : " (--show-suppressed lists them)"}`);
  for (const [why, n] of Object.entries(s.hidden)) if (n > 0) extra.push(`${n} hidden by --${why}`);
  const packages = new Set(result.findings.filter((f) => !f.suppressed).map((f) => f.package.id)).size;
  return `${s.total} vulnerabilit${s.total === 1 ? "y" : "ies"} in ${packages} of ${result.sbom.packages.length} packages${parts.length ? ` (${parts.join(", ")})` : ""}${extra.length ? `; ${extra.join(", ")}` : ""}`;
}

function truncate(s: string, n: number): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > n ? `${flat.slice(0, n - 1)}…` : flat;
}
