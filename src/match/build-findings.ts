import type {
  Evidence,
  Finding,
  FixState,
  Package,
  Reference,
  SchemeId,
  SeverityRating,
} from "../model/index.js";
import { compareRaw } from "../versioning/compare-raw.js";
import {
  type AdvisoryFacts,
  cwesOfAdvisory,
  factsOf,
  namesOfUnit,
  namesOfUnits,
  ratingKey,
  ratingsOfAdvisory,
  referencesOfAdvisory,
  summaryOf,
  type VulnerabilityNames,
} from "./advisory-facts.js";
import type { TracedJudgement, VendorState } from "./matcher.js";
import { memoisedScheme } from "./version-cache.js";
import { compareNatural, type VulnerabilityUnit } from "./vulnerability-ids.js";

/** One vulnerability one affected judgement speaks for. */
interface Part {
  traced: TracedJudgement;
  facts: AdvisoryFacts;
  /** Index of `unit` in `facts.units`. */
  index: number;
  unit: VulnerabilityUnit;
}

/*
 * Hot path: a large SBOM gives 10^5 findings. Whatever depends on one advisory only is
 * derived once per advisory (advisory-facts.ts); a finding made of one part (the usual case)
 * shares those lists (frozen) instead of rebuilding or copying them: 10^5 findings of
 * bulletins carry 10^6 references. Later stages replace a list to change it, never push.
 */

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
    let parts = byPackage.get(traced.pkg);
    if (parts === undefined) {
      parts = [];
      byPackage.set(traced.pkg, parts);
    }
    const facts = factsOf(traced.candidate.advisory);
    for (let index = 0; index < facts.units.length; index++) {
      parts.push({ traced, facts, index, unit: facts.units[index]! });
    }
  }
  const findings: Finding[] = [];
  for (const [pkg, parts] of byPackage) {
    // One package summary shared by all the package's findings (read-only downstream).
    const ref: Finding["package"] = {
      id: pkg.id,
      name: pkg.name,
      version: pkg.version,
      type: pkg.type,
      purl: pkg.purl,
      locations: pkg.locations,
    };
    const scheme = schemeOf(pkg);
    for (const group of groupByIds(parts)) findings.push(toFinding(pkg, ref, group, scheme));
  }
  return findings;
}

/** Union-find over the parts' ids (case-insensitive): parts sharing any id are one flaw. */
function groupByIds(parts: Part[]): Part[][] {
  if (parts.length === 1) return [parts];
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
    for (const key of part.facts.unitKeys[part.index]!) {
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, Part[]>();
  parts.forEach((part, i) => {
    const root = find(i);
    const list = groups.get(root);
    if (list) list.push(part);
    else groups.set(root, [part]);
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

function toFinding(pkg: Package, ref: Finding["package"], group: Part[], scheme: SchemeId): Finding {
  const one = group.length === 1 ? group[0]! : undefined;
  const names: VulnerabilityNames = one
    ? namesOfUnit(one.facts, one.index)
    : namesOfUnits(group.map((p) => p.unit));
  const primary = names.primary;
  const upper = primary.toUpperCase();
  const advisories = one ? [one.facts] : uniqueAdvisories(group);

  // The advisory named by the primary id leads (its summary is shown), else the first with a summary.
  let lead: AdvisoryFacts | undefined;
  let summary: string | undefined;
  for (const f of advisories) {
    if (f.upperId === upper) {
      lead = f;
      break;
    }
  }
  for (const f of advisories) {
    if (summary !== undefined) break;
    summary = summaryOf(f);
    if (summary !== undefined) lead ??= f;
  }
  if (lead !== undefined) summary = summaryOf(lead) ?? summary;

  let state: FixState = "unknown";
  let vendorState: VendorState | undefined;
  const versions: string[] = [];
  for (const { traced } of group) {
    const j = traced.judgement;
    if (j.verdict !== "affected") continue;
    for (const v of j.fix.versions) if (!versions.includes(v)) versions.push(v);
    if (fixPrecedence.indexOf(j.fix.state) < fixPrecedence.indexOf(state)) state = j.fix.state;
    vendorState ??= j.vendorState;
  }
  if (versions.length > 1) versions.sort((a, b) => orderVersions(scheme, a, b));
  if (versions.length > 0) state = "fixed";

  const finding: Finding = {
    vulnerability: {
      id: primary,
      aliases: names.aliases,
      severity: "unknown",
      cvss: ratingsOf(group),
      references: referencesOf(advisories),
    },
    package: ref,
    fix: { state, versions },
    evidence: evidenceOf(pkg, group),
  };
  if (summary) finding.vulnerability.summary = summary;
  let published: string | undefined;
  for (const { advisory: a } of advisories) {
    if (a.published && (published === undefined || a.published < published)) published = a.published;
  }
  if (published) finding.vulnerability.published = published;
  const cwes =
    advisories.length === 1
      ? cwesOfAdvisory(advisories[0]!)
      : [...new Set(advisories.flatMap((f) => f.advisory.cwes ?? []))].sort(compareNatural);
  if (cwes.length) finding.vulnerability.cwes = cwes;
  if (state !== "fixed" && vendorState) finding.vendorState = vendorState;
  return finding;
}

function orderVersions(scheme: SchemeId, a: string, b: string): number {
  const s = memoisedScheme(scheme);
  if (s.parse(a) !== undefined && s.parse(b) !== undefined) return compareRaw(s, a, b);
  return compareNatural(a, b);
}

/** The group's advisories, each once (by provider and id), in natural order. */
function uniqueAdvisories(group: Part[]): AdvisoryFacts[] {
  const seen = new Map<string, AdvisoryFacts>();
  for (const { facts } of group) seen.set(`${facts.advisory.provider}\u0000${facts.advisory.id}`, facts);
  return [...seen.values()].sort(
    (x, y) =>
      compareNatural(x.advisory.provider, y.advisory.provider) ||
      compareNatural(x.advisory.id, y.advisory.id),
  );
}

/** Every rating of every contributing advisory and affected entry, de-duplicated. */
function ratingsOf(group: Part[]): SeverityRating[] {
  if (group.length === 1 && group[0]!.traced.candidate.affected.severity === undefined) {
    return ratingsOfAdvisory(group[0]!.facts);
  }
  const out = new Map<string, SeverityRating>();
  for (const { traced } of group) {
    const { advisory, affected } = traced.candidate;
    if (affected.severity) out.set(ratingKey(affected.severity), affected.severity);
    for (const r of advisory.severities) out.set(ratingKey(r), r);
  }
  return [...out.values()];
}

function referencesOf(advisories: AdvisoryFacts[]): Reference[] {
  if (advisories.length === 1) return referencesOfAdvisory(advisories[0]!);
  const out = new Map<string, Reference>();
  for (const { advisory } of advisories) {
    for (const r of advisory.references) if (!out.has(r.url)) out.set(r.url, r);
  }
  return [...out.values()];
}

function evidenceOf(pkg: Package, group: Part[]): Evidence[] {
  let out: Map<string, Evidence> | undefined;
  for (const { traced } of group) {
    const { candidate, judgement, matcher } = traced;
    if (judgement.verdict !== "affected") continue;
    const { query, advisory, affected } = candidate;
    const kind = query.kind === "exact-indirect" && query.name === pkg.name ? "exact-direct" : query.kind;
    // Built field by field (no spreads), in the report's key order.
    const searchedBy: Evidence["searchedBy"] = query.distro
      ? { ecosystem: query.ecosystem, distro: query.distro, name: query.name, version: query.version }
      : { ecosystem: query.ecosystem, name: query.name, version: query.version };
    const found = { provider: advisory.provider, advisoryId: advisory.id } as Evidence["found"];
    if (judgement.range) found.range = judgement.range;
    if (judgement.listed) found.versions = [judgement.listed];
    found.status = affected.status;
    const e: Evidence = { matcher, kind, searchedBy, found };
    if (group.length === 1) return [e];
    const r = judgement.range;
    out ??= new Map();
    out.set(
      `${matcher}|${kind}|${query.name}|${query.version}|${advisory.provider}|${advisory.id}|${r ? `${r.introduced}|${r.fixed}|${r.lastAffected}` : judgement.listed}`,
      e,
    );
  }
  return out ? [...out.values()] : [];
}
