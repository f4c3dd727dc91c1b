import type { Diagnostic } from "./diagnostic.js";
import type { Finding } from "./finding.js";
import type { Sbom } from "./sbom.js";

/** Schema version of the scan document (`drydock scan --format json`), SchemaVer. */
export const scanSchemaVersion = "1.0.0";

/** Provenance of one provider's data in the database a scan used. */
export interface ScanDbProvider {
  id: string;
  /** When the raw input was fetched. */
  fetchedAt: string;
  importedAt: string;
  records: number;
}

/** The advisory database a scan was matched against. */
export interface ScanDbInfo {
  path: string;
  schemaVersion: string;
  /** When the database file was built. */
  built: string;
  providers: ScanDbProvider[];
}

/** The options that shaped a scan's findings (recorded so a report says what it hides). */
export interface ScanSettings {
  /** Language packages owned by an OS package were matched against their ecosystem too. */
  includeOsOwned: boolean;
  /** Findings without a fixed version were left out (`--ignore-unfixed` / `--only-fixed`). */
  onlyFixed: boolean;
}

/**
 * Everything a scan report is made from: the SBOM (image, distro, packages, layers), the
 * findings (sorted, one per package and vulnerability), the database provenance and the
 * diagnostics of the match stage (the SBOM keeps its own). Formatters under
 * `src/report/scan/` render it; suppression (VEX, ignore rules) marks findings through
 * `Finding.suppressed` and never removes them, so every formatter can show or hide them.
 */
export interface ScanResult {
  schemaVersion: string;
  sbom: Sbom;
  findings: Finding[];
  db?: ScanDbInfo;
  settings: ScanSettings;
  diagnostics: Diagnostic[];
  /** Findings the settings left out, by reason (`only-fixed`: N), for the summary line. */
  hidden: Record<string, number>;
}
