import type { Advisory, Reference, SeverityRating } from "../model/index.js";
import {
  choosePrimaryId,
  compareNatural,
  type VulnerabilityUnit,
  vulnerabilityUnits,
} from "./vulnerability-ids.js";

/** The ids a vulnerability is reported under: the primary id and the other ids (aliases), in natural order. */
export interface VulnerabilityNames {
  primary: string;
  aliases: string[];
}

/**
 * What findings take from one advisory, derived once per advisory object: a scan hands out
 * one object per advisory, one advisory is a candidate for many packages, and a bulletin
 * gives one finding per CVE it lists. Lists here are shared by every finding built from the
 * advisory, so they are frozen: a stage that changes a finding's list replaces it.
 * Advisories are read-only to matching, so nothing here goes stale.
 */
export interface AdvisoryFacts {
  advisory: Advisory;
  /** Its id upper-cased (ids compare case-insensitively). */
  upperId: string;
  /** The vulnerabilities it speaks for (see vulnerabilityUnits). */
  units: VulnerabilityUnit[];
  /** Each unit's `ids` upper-cased, by unit index: the keys findings are merged by. */
  unitKeys: string[][];
  /** Names of each unit taken alone, by unit index (filled on first use). */
  names: (VulnerabilityNames | undefined)[];
  /** Its ratings, de-duplicated (a later duplicate keeps the first one's place). */
  ratings?: SeverityRating[];
  /** Its references, the first of each URL. */
  references?: Reference[];
  /** Its CWEs, de-duplicated, in natural order. */
  cwes?: string[];
  /** Its one-line summary (null: none), see summaryOf. */
  summary?: string | null;
}

const facts = new WeakMap<Advisory, AdvisoryFacts>();

export function factsOf(advisory: Advisory): AdvisoryFacts {
  let f = facts.get(advisory);
  if (f === undefined) {
    const units = vulnerabilityUnits(advisory);
    f = {
      advisory,
      upperId: advisory.id.toUpperCase(),
      units,
      unitKeys: units.map((u) => u.ids.map((id) => id.toUpperCase())),
      names: new Array(units.length).fill(undefined),
    };
    facts.set(advisory, f);
  }
  return f;
}

/** The id a set of units is reported under, and their other ids (aliases), in natural order. */
export function namesOfUnits(units: readonly VulnerabilityUnit[]): VulnerabilityNames {
  const ids = new Set<string>();
  const related = new Set<string>();
  for (const unit of units) {
    for (const id of unit.ids) ids.add(id);
    for (const id of unit.related) related.add(id);
  }
  const primary = choosePrimaryId(ids);
  const upper = primary.toUpperCase();
  for (const id of related) ids.add(id);
  const aliases: string[] = [];
  for (const id of ids) if (id.toUpperCase() !== upper) aliases.push(id);
  if (aliases.length > 1) aliases.sort(compareNatural);
  return { primary, aliases };
}

/** {@link namesOfUnits} of one unit of the advisory. */
export function namesOfUnit(f: AdvisoryFacts, index: number): VulnerabilityNames {
  let names = f.names[index];
  if (names === undefined) {
    names = namesOfUnits([f.units[index]!]);
    Object.freeze(names.aliases);
    f.names[index] = names;
  }
  return names;
}

/** The key two ratings are the same rating by. */
export function ratingKey(r: SeverityRating): string {
  return `${r.source}|${r.severity}|${r.vector ?? ""}|${r.cvssVersion ?? ""}`;
}

export function ratingsOfAdvisory(f: AdvisoryFacts): SeverityRating[] {
  if (f.ratings === undefined) {
    const out = new Map<string, SeverityRating>();
    for (const r of f.advisory.severities) out.set(ratingKey(r), r);
    f.ratings = Object.freeze([...out.values()]) as SeverityRating[];
  }
  return f.ratings;
}

export function referencesOfAdvisory(f: AdvisoryFacts): Reference[] {
  if (f.references === undefined) {
    const out = new Map<string, Reference>();
    for (const r of f.advisory.references) if (!out.has(r.url)) out.set(r.url, r);
    f.references = Object.freeze([...out.values()]) as Reference[];
  }
  return f.references;
}

export function cwesOfAdvisory(f: AdvisoryFacts): string[] {
  if (f.cwes === undefined) {
    const cwes = f.advisory.cwes;
    f.cwes = Object.freeze(cwes?.length ? [...new Set(cwes)].sort(compareNatural) : []) as string[];
  }
  return f.cwes;
}

/**
 * A one-line summary: the advisory's own, unless it only repeats the id and package name
 * (Debian OVAL titles: `CVE-2023-0464 openssl`), then the first sentence of its details.
 */
export function summaryOf(f: AdvisoryFacts): string | undefined {
  if (f.summary === undefined) f.summary = computeSummary(f.advisory) ?? null;
  return f.summary ?? undefined;
}

function computeSummary(a: Advisory): string | undefined {
  const s = a.summary?.trim();
  if (s && !isBareTitle(s, a.id)) return s;
  if (!a.details) return undefined;
  // The first sentence of the first 2000 characters, whitespace flattened, cut to 200. Only
  // the first 201 flattened characters can decide that: when a prefix of the text flattens
  // to at least 202, it is a prefix of the whole flattened text and every sentence end it
  // finds before its last character is the whole text's, so it gives the same answer
  // without flattening kilobytes per advisory.
  const head = a.details.length > 256 ? flatten(a.details.slice(0, 256)) : undefined;
  const details = head !== undefined && head.length >= 202 ? head : flatten(a.details.slice(0, 2000));
  if (!details) return undefined;
  const sentence = /^(.{20,}?[.!?])(\s|$)/.exec(details)?.[1] ?? details;
  return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
}

function flatten(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** `<id>` or `<id> <one word>`. */
function isBareTitle(s: string, id: string): boolean {
  if (s.slice(0, id.length).toUpperCase() !== id.toUpperCase()) return false;
  const rest = s.slice(id.length);
  return rest === "" || /^\s+\S+$/.test(rest);
}
