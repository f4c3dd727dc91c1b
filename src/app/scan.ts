import type { AdvisoryReader } from "../db/reader.js";
// The reader only: the db index also exports the build side (writer, importer plumbing).
import { openAdvisoryReader } from "../db/sqlite/sqlite-reader.js";
import type { Ecosystem } from "../ecosystems/ecosystem.js";
import { ecosystems } from "../ecosystems/index.js";
import { enrichFindings } from "../enrich/index.js";
import {
  createEcosystemMatcher,
  type MatcherEntry,
  type MatchOutcome,
  matchSbom,
  sortFindings,
} from "../match/index.js";
import {
  type Diagnostic,
  type Finding,
  type Sbom,
  type ScanDbInfo,
  type ScanResult,
  type Severity,
  scanSchemaVersion,
  severityRank,
} from "../model/index.js";
import { type CatalogImageOptions, catalogImage } from "./catalog-image.js";
import { resolveDbPath } from "./config.js";

/** Options of {@link scanImage} and {@link scanSbom}. */
export interface ScanOptions extends CatalogImageOptions {
  /** Advisory database file (default: `$DRYDOCK_DB`, else `advisories.db` in the cache dir). */
  db?: string;
  /** Report only findings with a fixed version (`--only-fixed`, `--ignore-unfixed`). */
  onlyFixed?: boolean;
  /** Match language packages owned by OS packages against their ecosystem too. */
  includeOsOwned?: boolean;
  /**
   * Steps run over the enriched findings before the settings filter them, in order: the
   * place suppression (VEX, ignore rules) plugs in. A step marks findings, it should not drop them.
   */
  findingSteps?: readonly FindingStep[];
}

/** A pass over a scan's findings (suppression marks them `suppressed`). */
export type FindingStep = (
  findings: Finding[],
  sbom: Sbom,
) =>
  | { findings: Finding[]; diagnostics: Diagnostic[] }
  | Promise<{ findings: Finding[]; diagnostics: Diagnostic[] }>;

/** The settings a scan ran with, as the report records them, and its finding steps. */
export type ScanSettingsInput = Pick<ScanOptions, "onlyFixed" | "includeOsOwned" | "findingSteps">;

/** A scan with everything `explain` needs to tell why something is or is not reported. */
export interface TracedScan {
  result: ScanResult;
  outcome: MatchOutcome;
  /** Findings the settings left out (`--only-fixed`), enriched like the others. */
  hiddenFindings: Finding[];
}

const registered = Object.values(ecosystems) as Ecosystem[];

/**
 * The matchers of every registered ecosystem, in registry order: the ecosystem's own where
 * it has one, else the shared by-ecosystem strategy over its name and scheme.
 */
export function matcherEntries(): MatcherEntry[] {
  return registered.map((e) => ({
    scheme: e.scheme,
    matcher: e.matcher ?? createEcosystemMatcher({ name: `${e.id}-matcher`, ecosystem: e.id }),
  }));
}

/**
 * Scans an image: catalog (`sbom:FILE` targets are read, not catalogued), match against the
 * advisory database, enrich. The database is opened first, so a missing or corrupt one
 * fails before the image is read.
 * @throws DrydockError DRYDOCK_DB_* (exit 4) for database problems, the target errors of
 *   catalogImage (exit 3) for an unreadable image.
 */
export async function scanImage(target: string, options: ScanOptions = {}): Promise<ScanResult> {
  const reader = openAdvisoryReader(resolveDbPath(options.db));
  try {
    const { db: _db, onlyFixed: _f, includeOsOwned: _o, findingSteps: _s, ...catalogOptions } = options;
    const sbom = await catalogImage(target, catalogOptions);
    return (await runScan(sbom, reader, options)).result;
  } finally {
    reader.close();
  }
}

/**
 * Matches an SBOM already made (the service re-matches stored SBOMs when advisories change).
 * @throws DrydockError DRYDOCK_DB_* for database problems.
 */
export async function scanSbom(sbom: Sbom, options: ScanSettingsInput & Pick<ScanOptions, "db"> = {}) {
  const reader = openAdvisoryReader(resolveDbPath(options.db));
  try {
    return (await runScan(sbom, reader, options)).result;
  } finally {
    reader.close();
  }
}

/** The match → enrich → filter → sort pipeline over an open reader; `trace` keeps every judgement. */
export async function runScan(
  sbom: Sbom,
  reader: AdvisoryReader,
  settings: ScanSettingsInput,
  trace = false,
): Promise<TracedScan> {
  const outcome = await matchSbom(sbom, reader, matcherEntries(), {
    includeOsOwned: settings.includeOsOwned ?? false,
    trace,
  });
  const enriched = await enrichFindings(outcome.findings, { reader });
  const diagnostics = [...outcome.diagnostics, ...enriched.diagnostics];
  let current = enriched.findings;
  for (const step of settings.findingSteps ?? []) {
    const r = await step(current, sbom);
    current = r.findings;
    diagnostics.push(...r.diagnostics);
  }
  const findings: Finding[] = [];
  const hiddenFindings: Finding[] = [];
  for (const f of current)
    (settings.onlyFixed && f.fix.state !== "fixed" ? hiddenFindings : findings).push(f);
  const result: ScanResult = {
    schemaVersion: scanSchemaVersion,
    sbom,
    findings: sortFindings(findings),
    settings: { includeOsOwned: settings.includeOsOwned ?? false, onlyFixed: settings.onlyFixed ?? false },
    diagnostics,
    hidden: hiddenFindings.length ? { "only-fixed": hiddenFindings.length } : {},
  };
  result.db = await dbInfo(reader);
  return { result, outcome, hiddenFindings: sortFindings(hiddenFindings) };
}

async function dbInfo(reader: AdvisoryReader): Promise<ScanDbInfo> {
  const meta = await reader.metadata();
  return {
    path: meta.path,
    schemaVersion: meta.schemaVersion,
    built: meta.builtAt,
    providers: meta.providers.map((p) => ({
      id: p.id,
      fetchedAt: p.fetchedAt,
      importedAt: p.importedAt,
      records: p.records,
    })),
  };
}

/**
 * The `--fail-on` gate: the findings at or above `threshold` that no VEX statement or
 * ignore rule suppresses. The gate fails when there is at least one.
 */
export function findingsAtOrAbove(result: ScanResult, threshold: Severity): Finding[] {
  const floor = severityRank(threshold);
  return result.findings.filter((f) => !f.suppressed && severityRank(f.vulnerability.severity) >= floor);
}
