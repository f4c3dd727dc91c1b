import type { FileRef, Finding, Layer, ScanResult } from "../../model/index.js";
import { severityRank } from "../../model/index.js";

/**
 * Where a finding's package lives in the image: its first location (the file the cataloger
 * read, with the layer that wrote it), from the finding or, failing that, the SBOM.
 */
export function packageLocation(result: ScanResult, f: Finding): FileRef | undefined {
  const own = f.package.locations?.[0];
  if (own) return own;
  return result.sbom.packages.find((p) => p.id === f.package.id)?.locations[0];
}

/** The layer (with its index and history line) that introduced a finding's package. */
export function introducingLayer(result: ScanResult, f: Finding): Layer | undefined {
  const location = packageLocation(result, f);
  return location ? result.sbom.layers.find((l) => l.diffId === location.layer) : undefined;
}

/** Fixed-in versions, else the vendor's state or the fix state in words. */
export function fixedInText(f: Finding): string {
  if (f.fix.versions.length > 0) return f.fix.versions.join(", ");
  if (f.vendorState) return f.vendorState;
  return f.fix.state === "unknown" ? "" : f.fix.state;
}

/** True when an upgrade is known to fix the finding. */
export function isFixable(f: Finding): boolean {
  return f.fix.state === "fixed" && f.fix.versions.length > 0;
}

/** Report order: most severe first, then vulnerability id, package name, version and id. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    severityRank(b.vulnerability.severity) - severityRank(a.vulnerability.severity) ||
    compareText(a.vulnerability.id, b.vulnerability.id) ||
    compareText(a.package.name, b.package.name) ||
    compareText(a.package.version, b.package.version) ||
    compareText(a.package.id, b.package.id)
  );
}

/** Locale-independent string order, so output does not depend on the machine. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A diffId shortened for people: the first 12 hex digits. */
export function shortDigest(digest: string): string {
  return digest.replace(/^sha(256|512):/, "").slice(0, 12);
}

/** The image as people name it: its reference, else the input. */
export function imageName(result: ScanResult): string {
  return result.sbom.target.ref ?? result.sbom.target.input;
}
