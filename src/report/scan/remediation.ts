import {
  type Finding,
  type ScanResult,
  type SchemeId,
  type Severity,
  schemeForType,
  severities,
  severityRank,
} from "../../model/index.js";
import { compareVersions, isSchemeId } from "../../versioning/index.js";
import { compareText, introducingLayer, isFixable } from "./finding-facts.js";

/** What upgrading one package would clear. */
export interface PackageRemediation {
  package: Pick<Finding["package"], "id" | "name" | "version" | "type" | "purl">;
  /**
   * The lowest version that clears every fixable finding of the package: for each finding its
   * lowest fixed version above the installed one, the highest of those. Absent when none of
   * its findings has a fixed version above the installed one.
   */
  upgradeTo?: string;
  /** Vulnerability ids `upgradeTo` clears. */
  clears: string[];
  /** Vulnerability ids no upgrade is known to clear (no fix, or no fixed version above the installed one). */
  remaining: string[];
  /** The most severe of all its findings. */
  severity: Severity;
  /** Index of the layer that introduced the package (the line to change in the Dockerfile). */
  layer?: number;
}

/** What one layer brought in. */
export interface LayerRemediation {
  index: number;
  diffId: string;
  createdBy?: string;
  /** Unsuppressed findings in packages this layer introduced. */
  findings: number;
  bySeverity: Record<Severity, number>;
  /** Of those, how many an upgrade clears. */
  fixable: number;
  /** Packages with findings this layer introduced. */
  packages: number;
}

export interface Remediation {
  /** Most severe first, then most findings, then name. */
  packages: PackageRemediation[];
  /** Every layer, in image order. */
  layers: LayerRemediation[];
}

/**
 * The remediation summary of a scan over its unsuppressed findings: per package the lowest
 * version that clears all its fixable findings (versions ordered with the package's scheme:
 * the one its evidence was judged with, else its type's), and per layer how many findings the
 * packages it introduced carry.
 */
export function summariseRemediation(result: ScanResult): Remediation {
  const open = result.findings.filter((f) => !f.suppressed);
  const byPackage = new Map<string, Finding[]>();
  for (const f of open) byPackage.set(f.package.id, [...(byPackage.get(f.package.id) ?? []), f]);
  const packages = [...byPackage.values()].map((fs) => remediatePackage(result, fs));
  const findingsOf = (p: PackageRemediation) => byPackage.get(p.package.id)!.length;
  packages.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      findingsOf(b) - findingsOf(a) ||
      compareText(a.package.name, b.package.name) ||
      compareText(a.package.version, b.package.version) ||
      compareText(a.package.id, b.package.id),
  );
  const layers = result.sbom.layers.map((layer): LayerRemediation => {
    const mine = open.filter((f) => introducingLayer(result, f)?.diffId === layer.diffId);
    const bySeverity = Object.fromEntries([...severities].reverse().map((s) => [s, 0])) as Record<
      Severity,
      number
    >;
    for (const f of mine) bySeverity[f.vulnerability.severity]++;
    return {
      index: layer.index,
      diffId: layer.diffId,
      ...(layer.createdBy ? { createdBy: layer.createdBy } : {}),
      findings: mine.length,
      bySeverity,
      fixable: mine.filter(isFixable).length,
      packages: new Set(mine.map((f) => f.package.id)).size,
    };
  });
  return { packages, layers };
}

function remediatePackage(result: ScanResult, findings: Finding[]): PackageRemediation {
  const pkg = findings[0]!.package;
  const scheme = schemeOf(findings);
  const newer = (a: string, b: string) => (scheme ? compareVersions(scheme, a, b) : compareText(a, b));
  const clears: string[] = [];
  const remaining: string[] = [];
  let upgradeTo: string | undefined;
  for (const f of findings) {
    // The lowest fixed version above what is installed: the nearest release that fixes this one.
    const candidates = isFixable(f) ? f.fix.versions.filter((v) => newer(v, pkg.version) > 0) : [];
    const nearest = candidates.reduce<string | undefined>(
      (lo, v) => (lo === undefined || newer(v, lo) < 0 ? v : lo),
      undefined,
    );
    if (nearest === undefined) {
      remaining.push(f.vulnerability.id);
      continue;
    }
    clears.push(f.vulnerability.id);
    if (upgradeTo === undefined || newer(nearest, upgradeTo) > 0) upgradeTo = nearest;
  }
  const severity = findings.reduce<Severity>(
    (max, f) => (severityRank(f.vulnerability.severity) > severityRank(max) ? f.vulnerability.severity : max),
    "unknown",
  );
  const layer = introducingLayer(result, findings[0]!);
  return {
    package: { id: pkg.id, name: pkg.name, version: pkg.version, type: pkg.type, purl: pkg.purl },
    ...(upgradeTo !== undefined ? { upgradeTo } : {}),
    clears: [...new Set(clears)].sort(compareText),
    remaining: [...new Set(remaining)].sort(compareText),
    severity,
    ...(layer ? { layer: layer.index } : {}),
  };
}

/** The scheme the package's findings were judged with (from a matched range), else its type's. */
function schemeOf(findings: Finding[]): SchemeId | undefined {
  for (const f of findings) {
    for (const e of f.evidence) {
      const s = e.found.range?.scheme;
      if (s && isSchemeId(s)) return s;
    }
  }
  return schemeForType(findings[0]!.package.type);
}
