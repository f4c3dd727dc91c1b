import type { AdvisoryQuery, AdvisoryReader } from "../db/reader.js";
import type { Diagnostic, Finding, Package, Sbom, SchemeId } from "../model/index.js";
import { buildFindings } from "./build-findings.js";
import { checkDistroCoverage } from "./distro-coverage.js";
import type { Candidate, Matcher, MatchQuery, PackageSkip, TracedJudgement } from "./matcher.js";
import { queryKey } from "./query-key.js";
import { summariseProblems } from "./summarise-problems.js";

/** A matcher with the version scheme of the ecosystem it serves. */
export interface MatcherEntry {
  matcher: Matcher;
  scheme: SchemeId;
}

export interface MatchOptions {
  /** Also match language packages whose files an OS package owns against their ecosystem. */
  includeOsOwned?: boolean;
  /** Queries per round trip to the store (default 5000). */
  batchSize?: number;
  /** Keep every judgement, not only the affected ones (for `explain`). */
  trace?: boolean;
}

export interface MatchOutcome {
  /** One finding per package and vulnerability, severity not yet chosen (see enrich). */
  findings: Finding[];
  diagnostics: Diagnostic[];
  skipped: PackageSkip[];
  /** Every judgement, when `trace` was asked. */
  judgements: TracedJudgement[];
  /** Queries sent and round trips made (for benchmarks and --debug). */
  stats: { packages: number; queries: number; uniqueQueries: number; batches: number; candidates: number };
}

interface Planned {
  pkg: Package;
  entry: MatcherEntry;
  query: MatchQuery;
  ownedOnly: boolean;
}

/**
 * The match stage: every package of the SBOM goes to the first matcher that applies; all
 * their queries are de-duplicated and sent to the store in batches (one round trip per
 * batch, whatever the number of packages); each candidate is judged by the package's
 * matcher; affected judgements become findings, one per package and vulnerability.
 * A language package owned by an OS package is left to the distro's advisories unless
 * `includeOsOwned`. Withdrawn advisories are never candidates.
 */
export async function matchSbom(
  sbom: Sbom,
  reader: AdvisoryReader,
  matchers: readonly MatcherEntry[],
  options: MatchOptions = {},
): Promise<MatchOutcome> {
  const skipped: PackageSkip[] = [];
  const planned: Planned[] = [];
  for (const pkg of sbom.packages) {
    const entry = matchers.find((m) => m.matcher.applies(pkg, sbom));
    if (!entry) {
      skipped.push({ pkg, reason: "no-matcher", detail: `no matcher handles ${pkg.type} packages` });
      continue;
    }
    const owned = isOsOwned(pkg) && !options.includeOsOwned;
    if (owned) {
      const o = pkg.ownedBy!;
      skipped.push({
        pkg,
        reason: "os-owned",
        detail: `its files belong to the ${o.type} package ${o.name}${o.version ? ` ${o.version}` : ""}, judged by the distro's advisories (--include-os-owned matches it too)`,
      });
      if (!options.trace) continue;
    }
    const queries = entry.matcher.queries(pkg, sbom);
    if (queries.length === 0) {
      const detail = entry.matcher.unmatchable?.(pkg, sbom) ?? "the matcher has nothing to look up for it";
      if (!owned) skipped.push({ pkg, reason: "unmatchable", detail });
      continue;
    }
    for (const query of queries) planned.push({ pkg, entry, query, ownedOnly: owned });
  }

  const { hits, unique, batches } = await findAll(reader, planned, options.batchSize ?? 5000);
  const judgements: TracedJudgement[] = [];
  const affected: TracedJudgement[] = [];
  const problems: TracedJudgement[] = [];
  let candidates = 0;
  for (const p of planned) {
    for (const hit of hits.get(queryKey(p.query)) ?? []) {
      for (const af of hit.advisory.affected) {
        candidates++;
        const candidate: Candidate = { advisory: hit.advisory, affected: af, query: p.query };
        const judgement = p.entry.matcher.judge(p.pkg, candidate, p.entry.scheme);
        const traced: TracedJudgement = { pkg: p.pkg, candidate, judgement, matcher: p.entry.matcher.name };
        if (p.ownedOnly) traced.ownedOnly = true;
        if (options.trace) judgements.push(traced);
        if (p.ownedOnly) continue;
        if (judgement.verdict === "affected") affected.push(traced);
        else if (judgement.verdict === "unknown") problems.push(traced);
      }
    }
  }
  const schemes = new Map(planned.map((p) => [p.pkg, p.entry.scheme]));
  const findings = buildFindings(affected, (pkg) => schemes.get(pkg) ?? "semver");
  const diagnostics = [...checkDistroCoverage(sbom, planned, hits), ...summariseProblems(problems, skipped)];
  return {
    findings,
    diagnostics,
    skipped,
    judgements,
    stats: {
      packages: sbom.packages.length,
      queries: planned.length,
      uniqueQueries: unique,
      batches,
      candidates,
    },
  };
}

/** Language packages whose files an OS package owns (Debian's python3-urllib3 files). */
export function isOsOwned(pkg: Package): boolean {
  return pkg.ownedBy !== undefined && !["deb", "rpm", "apk"].includes(pkg.type);
}

type Hits = Map<string, Awaited<ReturnType<AdvisoryReader["find"]>>>;

/** Sends the distinct queries in batches; answers are grouped by query key. */
async function findAll(
  reader: AdvisoryReader,
  planned: readonly Planned[],
  batchSize: number,
): Promise<{ hits: Hits; unique: number; batches: number }> {
  const distinct = new Map<string, AdvisoryQuery>();
  for (const { query } of planned) {
    const key = queryKey(query);
    if (!distinct.has(key)) {
      const q: AdvisoryQuery = { ecosystem: query.ecosystem, name: query.name };
      if (query.distro !== undefined) q.distro = query.distro;
      distinct.set(key, q);
    }
  }
  const keys = [...distinct.keys()];
  const queries = [...distinct.values()];
  const hits: Hits = new Map();
  let batches = 0;
  for (let i = 0; i < queries.length; i += batchSize) {
    const batch = queries.slice(i, i + batchSize);
    batches++;
    for (const hit of await reader.find(batch)) {
      const key = keys[i + hit.query]!;
      const list = hits.get(key) ?? [];
      list.push(hit);
      hits.set(key, list);
    }
  }
  return { hits, unique: queries.length, batches };
}
