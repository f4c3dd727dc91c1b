import type { Reference } from "../../model/advisory.js";
import { normaliseSeverity, type SeverityRating, severityFromScore } from "../../model/severity.js";
import type { OvalDefinition } from "./oval-types.js";

const cvePattern = /\bCVE-\d{4}-\d{4,}\b/g;

/**
 * The CVE ids a definition is about: its CVE references and vendor `<cve>` entries; when it
 * has neither (Rocky Linux names CVEs only in prose), the CVE ids its title and description cite.
 */
export function cveIdsOf(definition: OvalDefinition): string[] {
  const ids = [
    ...definition.references.filter((r) => r.source.toUpperCase() === "CVE").map((r) => r.id),
    ...definition.vendor.cves.map((c) => c.id),
  ].filter((id) => /^CVE-\d{4}-\d{4,}$/.test(id));
  if (ids.length > 0) return unique(ids);
  return unique(`${definition.title ?? ""}\n${definition.description ?? ""}`.match(cvePattern) ?? []);
}

/** Reference URLs of a definition: references, vendor CVE pages and bug tracker links. */
export function referencesOf(definition: OvalDefinition): Reference[] {
  const out: Reference[] = [];
  for (const reference of definition.references) {
    if (reference.url)
      out.push({ url: reference.url, type: reference.source.toUpperCase() === "CVE" ? "cve" : "advisory" });
  }
  for (const cve of definition.vendor.cves) if (cve.href) out.push({ url: cve.href, type: "cve" });
  for (const bug of definition.vendor.bugzillas) if (bug.href) out.push({ url: bug.href, type: "report" });
  const seen = new Set<string>();
  return out.filter((r) => {
    if (!/^https?:\/\//.test(r.url) || seen.has(r.url)) return false;
    seen.add(r.url);
    return true;
  });
}

/**
 * Ratings a definition carries: the vendor's qualitative `<severity>`, and, when the
 * definition is about a single CVE, that CVE's CVSS vectors (Red Hat `cvss3="5.5/CVSS:3.1/..."`,
 * Ubuntu `cvss_score` + `cvss_vector`). Vectors of a multi-CVE advisory belong to the CVEs,
 * not to the advisory, and are left to the CVE records.
 */
export function severitiesOf(definition: OvalDefinition, source: string): SeverityRating[] {
  const out: SeverityRating[] = [];
  if (definition.vendor.severity !== undefined) {
    out.push({ source, severity: normaliseSeverity(definition.vendor.severity) });
  }
  const cves = definition.vendor.cves;
  if (cves.length !== 1 || cves[0] === undefined) return out;
  const attrs = cves[0].attrs;
  for (const [attribute, version] of [
    ["cvss3", undefined],
    ["cvss2", "2.0"],
  ] as const) {
    const rating = parseScoredVector(attrs[attribute], version, source);
    if (rating) out.push(rating);
  }
  if (attrs.cvss_vector) {
    const score = Number(attrs.cvss_score);
    const rating: SeverityRating = {
      source,
      severity: Number.isFinite(score) ? severityFromScore(score) : normaliseSeverity(attrs.cvss_severity),
      vector: attrs.cvss_vector,
      ...cvssVersionOf(attrs.cvss_vector),
    };
    if (Number.isFinite(score)) rating.score = score;
    out.push(rating);
  }
  return out;
}

/** Red Hat writes `score/vector` in one attribute. */
function parseScoredVector(
  raw: string | undefined,
  version: string | undefined,
  source: string,
): SeverityRating | undefined {
  const match = raw?.match(/^\s*([\d.]+)\/(\S+)\s*$/);
  if (!match?.[1] || !match[2]) return undefined;
  const score = Number(match[1]);
  if (!Number.isFinite(score)) return undefined;
  return {
    source,
    severity: severityFromScore(score),
    vector: match[2],
    score,
    ...(version ? { cvssVersion: version } : cvssVersionOf(match[2])),
  };
}

function cvssVersionOf(vector: string): { cvssVersion?: string } {
  const version = vector.match(/^CVSS:(\d\.\d)\//)?.[1];
  return version ? { cvssVersion: version } : {};
}

/** CWE ids of the vendor's CVE entries (Red Hat `cwe="CWE-119->CWE-787"`). */
export function cwesOf(definition: OvalDefinition): string[] {
  return unique(definition.vendor.cves.flatMap((c) => c.attrs.cwe?.match(/CWE-\d+/g) ?? []));
}

/**
 * Normalises the dates feeds write (`2022-11-15`, `2024-10-01T18:58:50Z`, `20240104`,
 * `2023-07-14T03:39:10.188-04:00`) to ISO 8601; undefined for anything else.
 */
export function toIsoDate(raw: string | undefined): string | undefined {
  const text = raw?.trim();
  if (!text) return undefined;
  const compact = text.match(/^(\d{4})(\d{2})(\d{2})$/);
  const candidate = compact ? `${compact[1]}-${compact[2]}-${compact[3]}` : text;
  if (!/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(candidate)) return undefined;
  const time = Date.parse(candidate.length === 10 ? `${candidate}T00:00:00Z` : candidate.replace(" ", "T"));
  if (Number.isNaN(time)) return undefined;
  return candidate.length === 10 ? candidate : new Date(time).toISOString();
}

/** Drops an explicit zero epoch (`0:1.2-3` → `1.2-3`), which every EVR comparison ignores. */
export function withoutZeroEpoch(evr: string): string {
  return evr.startsWith("0:") ? evr.slice(2) : evr;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
