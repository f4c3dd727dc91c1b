import type {
  Advisory,
  Evidence,
  Finding,
  FixState,
  Package,
  Reference,
  SchemeId,
  SeverityRating,
} from "../model/index.js";
import { compareVersions, parseVersion } from "../versioning/index.js";
import type { TracedJudgement, VendorState } from "./matcher.js";
import {
  choosePrimaryId,
  compareNatural,
  type VulnerabilityUnit,
  vulnerabilityUnits,
} from "./vulnerability-ids.js";

interface Part {
  traced: TracedJudgement;
  unit: VulnerabilityUnit;
}

/**
 * Turns affected judgements into findings: per package, the vulnerabilities the matched
 * advisories speak for are merged when they share an id or alias (CVE, GHSA, PYSEC, GO-,
 * RUSTSEC...), so one flaw gives one finding whatever the number of feeds that report it.
 * Each finding keeps every contributing advisory as evidence, every rating and every
 * reference. Severity is left `unknown` here: enrich chooses it with NVD in view.
 */
export function buildFindings(
  affected: readonly TracedJudgement[],
  schemeOf: (pkg: Package) => SchemeId,
): Finding[] {
  const byPackage = new Map<Package, Part[]>();
  for (const traced of affected) {
    const parts = byPackage.get(traced.pkg) ?? [];
    for (const unit of vulnerabilityUnits(traced.candidate.advisory)) parts.push({ traced, unit });
    byPackage.set(traced.pkg, parts);
  }
  const findings: Finding[] = [];
  for (const [pkg, parts] of byPackage) {
    for (const group of groupByIds(parts)) findings.push(toFinding(pkg, group, schemeOf(pkg)));
  }
  return findings;
}

/** Union-find over the parts' ids (case-insensitive): parts sharing any id are one flaw. */
function groupByIds(parts: Part[]): Part[][] {
  const parent = parts.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const owner = new Map<string, number>();
  parts.forEach((part, i) => {
    for (const id of part.unit.ids) {
      const key = id.toUpperCase();
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, Part[]>();
  parts.forEach((part, i) => {
    const root = find(i);
    const list = groups.get(root) ?? [];
    list.push(part);
    groups.set(root, list);
  });
  return [...groups.values()];
}

const fixPrecedence: FixState[] = [
  "fixed",
  "not-fixed",
  "fix-deferred",
  "wont-fix",
  "end-of-life",
  "unknown",
];

function toFinding(pkg: Package, group: Part[], scheme: SchemeId): Finding {
  const ids = new Set<string>();
  const related = new Set<string>();
  for (const { unit } of group) {
    for (const id of unit.ids) ids.add(id);
    for (const id of unit.related) related.add(id);
  }
  const primary = choosePrimaryId(ids);
  const aliases = [...new Set([...ids, ...related])]
    .filter((id) => id.toUpperCase() !== primary.toUpperCase())
    .sort(compareNatural);
  const advisories = uniqueAdvisories(group);
  const lead =
    advisories.find((a) => a.id.toUpperCase() === primary.toUpperCase()) ??
    advisories.find((a) => summaryOf(a) !== undefined) ??
    advisories[0]!;

  const fixVersions = new Set<string>();
  let state: FixState = "unknown";
  let vendorState: VendorState | undefined;
  for (const { traced } of group) {
    const j = traced.judgement;
    if (j.verdict !== "affected") continue;
    for (const v of j.fix.versions) fixVersions.add(v);
    if (fixPrecedence.indexOf(j.fix.state) < fixPrecedence.indexOf(state)) state = j.fix.state;
    vendorState ??= j.vendorState;
  }
  const versions = [...fixVersions].sort((a, b) => orderVersions(scheme, a, b));
  if (versions.length > 0) state = "fixed";

  const finding: Finding = {
    vulnerability: {
      id: primary,
      aliases,
      severity: "unknown",
      cvss: ratingsOf(group),
      references: referencesOf(advisories),
    },
    package: {
      id: pkg.id,
      name: pkg.name,
      version: pkg.version,
      type: pkg.type,
      purl: pkg.purl,
      locations: pkg.locations,
    },
    fix: { state, versions },
    evidence: evidenceOf(pkg, group),
  };
  const summary = summaryOf(lead) ?? advisories.map(summaryOf).find((s) => s !== undefined);
  if (summary) finding.vulnerability.summary = summary;
  const published = advisories
    .map((a) => a.published)
    .filter((p): p is string => Boolean(p))
    .sort()[0];
  if (published) finding.vulnerability.published = published;
  const cwes = [...new Set(advisories.flatMap((a) => a.cwes ?? []))].sort(compareNatural);
  if (cwes.length) finding.vulnerability.cwes = cwes;
  if (state !== "fixed" && vendorState) finding.vendorState = vendorState;
  return finding;
}

function orderVersions(scheme: SchemeId, a: string, b: string): number {
  if (parseVersion(scheme, a).ok && parseVersion(scheme, b).ok) return compareVersions(scheme, a, b);
  return compareNatural(a, b);
}

function uniqueAdvisories(group: Part[]): Advisory[] {
  const seen = new Map<string, Advisory>();
  for (const { traced } of group) {
    const a = traced.candidate.advisory;
    seen.set(`${a.provider}\u0000${a.id}`, a);
  }
  return [...seen.values()].sort(
    (x, y) => compareNatural(x.provider, y.provider) || compareNatural(x.id, y.id),
  );
}

/** Every rating of every contributing advisory and affected entry, de-duplicated. */
function ratingsOf(group: Part[]): SeverityRating[] {
  const out = new Map<string, SeverityRating>();
  for (const { traced } of group) {
    const { advisory, affected } = traced.candidate;
    for (const r of [...(affected.severity ? [affected.severity] : []), ...advisory.severities]) {
      out.set(`${r.source}|${r.severity}|${r.vector ?? ""}|${r.cvssVersion ?? ""}`, r);
    }
  }
  return [...out.values()];
}

function referencesOf(advisories: Advisory[]): Reference[] {
  const out = new Map<string, Reference>();
  for (const a of advisories) for (const r of a.references) if (!out.has(r.url)) out.set(r.url, r);
  return [...out.values()];
}

function evidenceOf(pkg: Package, group: Part[]): Evidence[] {
  const out = new Map<string, Evidence>();
  for (const { traced } of group) {
    const { candidate, judgement, matcher } = traced;
    if (judgement.verdict !== "affected") continue;
    const { query, advisory, affected } = candidate;
    const kind = query.kind === "exact-indirect" && query.name === pkg.name ? "exact-direct" : query.kind;
    const e: Evidence = {
      matcher,
      kind,
      searchedBy: {
        ecosystem: query.ecosystem,
        ...(query.distro ? { distro: query.distro } : {}),
        name: query.name,
        version: query.version,
      },
      found: {
        provider: advisory.provider,
        advisoryId: advisory.id,
        ...(judgement.range ? { range: judgement.range } : {}),
        ...(judgement.listed ? { versions: [judgement.listed] } : {}),
        status: affected.status,
      },
    };
    const r = judgement.range;
    out.set(
      `${matcher}|${kind}|${query.name}|${query.version}|${advisory.provider}|${advisory.id}|${r ? `${r.introduced}|${r.fixed}|${r.lastAffected}` : judgement.listed}`,
      e,
    );
  }
  return [...out.values()];
}

const summaries = new WeakMap<Advisory, string | null>();

/**
 * A one-line summary: the advisory's own, unless it only repeats the id and package name
 * (Debian OVAL titles: `CVE-2023-0464 openssl`), then the first sentence of its details.
 * Computed once per advisory object (one advisory is a candidate for many packages).
 */
function summaryOf(a: Advisory): string | undefined {
  let cached = summaries.get(a);
  if (cached === undefined) {
    cached = computeSummary(a) ?? null;
    summaries.set(a, cached);
  }
  return cached ?? undefined;
}

function computeSummary(a: Advisory): string | undefined {
  const s = a.summary?.trim();
  if (s && !isBareTitle(s, a.id)) return s;
  const details = a.details?.slice(0, 2000).replace(/\s+/g, " ").trim();
  if (!details) return undefined;
  const sentence = /^(.{20,}?[.!?])(\s|$)/.exec(details)?.[1] ?? details;
  return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
}

/** `<id>` or `<id> <one word>`. */
function isBareTitle(s: string, id: string): boolean {
  if (s.slice(0, id.length).toUpperCase() !== id.toUpperCase()) return false;
  const rest = s.slice(id.length);
  return rest === "" || /^\s+\S+$/.test(rest);
}
