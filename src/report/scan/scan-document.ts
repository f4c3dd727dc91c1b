import {
  type Diagnostic,
  type Finding,
  type Package,
  type ScanResult,
  type Severity,
  severities,
} from "../../model/index.js";

/** Findings per severity (most severe first) over the unsuppressed findings, and the totals. */
export interface ScanSummary {
  total: number;
  bySeverity: Record<Severity, number>;
  suppressed: number;
  hidden: Record<string, number>;
}

export function summariseScan(result: ScanResult): ScanSummary {
  const bySeverity = Object.fromEntries([...severities].reverse().map((s) => [s, 0])) as Record<
    Severity,
    number
  >;
  let suppressed = 0;
  for (const f of result.findings) {
    if (f.suppressed) suppressed++;
    else bySeverity[f.vulnerability.severity]++;
  }
  return { total: result.findings.length - suppressed, bySeverity, suppressed, hidden: result.hidden };
}

/**
 * drydock's scan JSON (DESIGN.md section 4): the image, its distro and packages, the
 * findings with their evidence, the database provenance and every diagnostic (catalog and
 * match). Key order is fixed and findings are sorted, so two scans of the same image diff.
 */
export function toScanJson(result: ScanResult): object {
  const { sbom } = result;
  const distro = sbom.distro;
  return {
    schemaVersion: result.schemaVersion,
    generator: sbom.generator,
    target: sbom.target,
    ...(distro
      ? {
          distro: {
            id: distro.id,
            ...(distro.versionId ? { versionId: distro.versionId } : {}),
            ...(distro.codename ? { codename: distro.codename } : {}),
            ...(distro.support && distro.support !== "supported" ? { support: distro.support } : {}),
          },
        }
      : {}),
    packages: sbom.packages.map(packageJson),
    findings: result.findings.map(findingJson),
    summary: summariseScan(result),
    ...(result.db ? { db: result.db } : {}),
    settings: result.settings,
    diagnostics: [...sbom.diagnostics, ...result.diagnostics].map(diagnosticJson),
  };
}

function packageJson(p: Package): object {
  return {
    id: p.id,
    name: p.name,
    version: p.version,
    type: p.type,
    purl: p.purl,
    ...(p.source ? { source: p.source } : {}),
    locations: p.locations,
    licenses: p.licenses,
    ...(p.ownedBy ? { ownedBy: p.ownedBy } : {}),
  };
}

function findingJson(f: Finding): object {
  const v = f.vulnerability;
  return {
    vulnerability: {
      id: v.id,
      aliases: v.aliases,
      severity: v.severity,
      ...(v.severitySource ? { severitySource: v.severitySource } : {}),
      cvss: v.cvss,
      ...(v.summary ? { summary: v.summary } : {}),
      references: v.references,
      ...(v.published ? { published: v.published } : {}),
      ...(v.cwes?.length ? { cwes: v.cwes } : {}),
      ...(v.epss ? { epss: v.epss } : {}),
      ...(v.kev ? { kev: v.kev } : {}),
    },
    package: {
      id: f.package.id,
      name: f.package.name,
      version: f.package.version,
      type: f.package.type,
      purl: f.package.purl,
      ...(f.package.locations ? { locations: f.package.locations } : {}),
    },
    fix: f.fix,
    ...(f.vendorState ? { vendorState: f.vendorState } : {}),
    evidence: f.evidence,
    ...(f.suppressed ? { suppressed: f.suppressed } : {}),
  };
}

function diagnosticJson(d: Diagnostic): object {
  return { ...d };
}
