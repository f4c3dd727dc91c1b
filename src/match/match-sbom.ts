import type { AdvisoryQuery, AdvisoryReader, AffectedCandidate } from "../db/reader.js";
import {
  type Advisory,
  type Diagnostic,
  DrydockError,
  type Finding,
  type Package,
  type Sbom,
  type SchemeId,
} from "../model/index.js";
import { buildFindings } from "./build-findings.js";
import { checkDistroCoverage } from "./distro-coverage.js";
import type { Candidate, Judgement, Matcher, MatchQuery, PackageSkip, TracedJudgement } from "./matcher.js";
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
  stats: {
    packages: number;
    queries: number;
    uniqueQueries: number;
    batches: number;
    candidates: number;
    /** Wall milliseconds per phase: store lookups with judging, advisory detail, building findings. */
    phaseMs: { lookUpAndJudge: number; details: number; buildFindings: number };
  };
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
 *
 * Two phases keep a large SBOM cheap: candidates arrive with only their advisory's identity
 * (`reader.candidates`), and the detail findings need (aliases, ratings, references,
 * summary) is loaded once per advisory, for the advisories judged affected only (for every
 * judged one when tracing), in one more round trip (`reader.advisories`).
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

  const t0 = performance.now();
  const { judged, problems, coverage, unique, batches, candidates } = await lookUpAndJudge(
    sbom,
    reader,
    planned,
    options,
  );
  const t1 = performance.now();
  const details = await reader.advisories(
    judged.map((j) => j.ref),
    { omit: ["affected", "cpeConfigurations"] },
  );
  const t2 = performance.now();
  const judgements: TracedJudgement[] = [];
  const affected: TracedJudgement[] = [];
  for (const j of judged) {
    const traced = resolve(j, details);
    if (options.trace) judgements.push(traced);
    if (!j.planned.ownedOnly && j.judgement.verdict === "affected") affected.push(traced);
  }
  const schemes = new Map(planned.map((p) => [p.pkg, p.entry.scheme]));
  const findings = buildFindings(affected, (pkg) => schemes.get(pkg) ?? "semver");
  const t3 = performance.now();
  const diagnostics = [...coverage, ...summariseProblems(problems, skipped)];
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
      phaseMs: { lookUpAndJudge: t1 - t0, details: t2 - t1, buildFindings: t3 - t2 },
    },
  };
}

/**
 * Looks up the candidates of every planned query, one round trip per batch of distinct
 * queries, and judges each batch as it arrives. The candidates (10^5 for a large SBOM) stay
 * inside this call, one batch at a time: only the judgements that need the advisory's
 * detail leave it. Judgements come out in plan order (package, query, candidate order).
 */
async function lookUpAndJudge(
  sbom: Sbom,
  reader: AdvisoryReader,
  planned: readonly Planned[],
  options: MatchOptions,
): Promise<{
  judged: Judged[];
  problems: Judged[];
  coverage: Diagnostic[];
  unique: number;
  batches: number;
  candidates: number;
}> {
  // The distinct store queries, each with the planned entries (indexes) that ask it.
  const distinct = new Map<string, { query: AdvisoryQuery; asked: number[] }>();
  planned.forEach(({ query }, i) => {
    const key = queryKey(query);
    const seen = distinct.get(key);
    if (seen) {
      seen.asked.push(i);
      return;
    }
    const q: AdvisoryQuery = { ecosystem: query.ecosystem, name: query.name };
    if (query.distro !== undefined) q.distro = query.distro;
    distinct.set(key, { query: q, asked: [i] });
  });
  const keys = [...distinct.keys()];
  const entries = [...distinct.values()];
  const batchSize = options.batchSize ?? 5000;
  const trace = options.trace ?? false;
  const perPlanned: Judged[][] = planned.map(() => []);
  const answered = new Set<string>();
  let batches = 0;
  let candidates = 0;
  for (let i = 0; i < entries.length; i += batchSize) {
    batches++;
    const batch = entries.slice(i, i + batchSize);
    candidates += judgeBatch(
      await reader.candidates(batch.map((e) => e.query)),
      (q) => {
        answered.add(keys[i + q]!);
        return batch[q]!.asked;
      },
      planned,
      perPlanned,
      trace,
    );
  }
  const judged: Judged[] = [];
  const problems: Judged[] = [];
  for (const list of perPlanned) {
    for (const j of list) {
      const verdict = j.judgement.verdict;
      if (trace || (verdict === "affected" && !j.planned.ownedOnly)) judged.push(j);
      if (verdict === "unknown" && !j.planned.ownedOnly) problems.push(j);
    }
  }
  const coverage = checkDistroCoverage(sbom, planned, answered);
  return { judged, problems, coverage, unique: entries.length, batches, candidates };
}

/**
 * Judges one batch of candidates (grouped by query, as the reader returns them) for every
 * planned entry that asked each query, with the entry's matcher. Keeps what needs the
 * advisory's detail: affected and unknown judgements of reported packages, every judgement
 * when tracing. Returns how many candidates were judged.
 */
function judgeBatch(
  found: readonly AffectedCandidate[],
  askedBy: (query: number) => readonly number[],
  planned: readonly Planned[],
  perPlanned: Judged[][],
  trace: boolean,
): number {
  let judgedCount = 0;
  // One reused candidate for judging (judges are pure and keep nothing of it); a fresh one
  // only for the judgements kept, a fraction of the 10^5 a large SBOM judges.
  let probe: Candidate | undefined;
  for (let start = 0; start < found.length; ) {
    const query = found[start]!.query;
    let end = start + 1;
    while (end < found.length && found[end]!.query === query) end++;
    for (const index of askedBy(query)) {
      const p = planned[index]!;
      const out = perPlanned[index]!;
      for (let k = start; k < end; k++) {
        const c = found[k]!;
        judgedCount++;
        if (probe === undefined) probe = { advisory: c.advisory, affected: c.affected, query: p.query };
        else {
          probe.advisory = c.advisory;
          probe.affected = c.affected;
          probe.query = p.query;
        }
        const judgement = p.entry.matcher.judge(p.pkg, probe, p.entry.scheme);
        const verdict = judgement.verdict;
        if (!trace && (p.ownedOnly || (verdict !== "affected" && verdict !== "unknown"))) continue;
        const candidate: Candidate = { advisory: c.advisory, affected: c.affected, query: p.query };
        out.push({ pkg: p.pkg, planned: p, ref: c.ref, candidate, judgement });
      }
    }
    start = end;
  }
  return judgedCount;
}

/** One judged candidate, before its advisory's detail is loaded. */
interface Judged {
  pkg: Package;
  planned: Planned;
  ref: number;
  candidate: Candidate;
  judgement: Judgement;
}

/** A judged candidate with the advisory's detail in place of its identity. */
function resolve(j: Judged, details: ReadonlyMap<number, Advisory>): TracedJudgement {
  const advisory = details.get(j.ref);
  if (advisory === undefined) {
    // A reader answers from the file it opened (rebuilds are swapped in by rename), so a ref
    // it just returned always loads; if not, the file changed under it.
    throw new DrydockError(
      "DRYDOCK_DB_CORRUPT",
      `advisory database: ${j.candidate.advisory.provider} ${j.candidate.advisory.id} vanished while matching`,
    );
  }
  const traced: TracedJudgement = {
    pkg: j.pkg,
    candidate: { advisory, affected: j.candidate.affected, query: j.candidate.query },
    judgement: j.judgement,
    matcher: j.planned.entry.matcher.name,
  };
  if (j.planned.ownedOnly) traced.ownedOnly = true;
  return traced;
}

/** Language packages whose files an OS package owns (Debian's python3-urllib3 files). */
export function isOsOwned(pkg: Package): boolean {
  return pkg.ownedBy !== undefined && !["deb", "rpm", "apk"].includes(pkg.type);
}
