import type {
  Advisory,
  CpeConfiguration,
  CpeMatch,
  CpeNode,
  Reference,
  SeverityRating,
} from "../../model/index.js";
import { rateCvss } from "../shared/cvss-rating.js";

type Json = Record<string, unknown>;

/** NVD reference tags → OSV-style reference types. */
const referenceTypes: Record<string, string> = {
  Patch: "FIX",
  "Vendor Advisory": "ADVISORY",
  "Third Party Advisory": "ADVISORY",
  "US Government Resource": "ADVISORY",
  Exploit: "EVIDENCE",
  "Issue Tracking": "REPORT",
  "Mailing List": "DISCUSSION",
  "Press/Media Coverage": "ARTICLE",
  "Release Notes": "WEB",
};

/** The metric arrays of an NVD CVE API 2.0 record, newest CVSS version first. */
const metricKeys = ["cvssMetricV40", "cvssMetricV31", "cvssMetricV30", "cvssMetricV2"] as const;

/**
 * Normalises one NVD CVE API 2.0 `vulnerabilities[]` item (`{"cve": {...}}`) into an
 * Advisory without affected packages: CVSS v2/v3.x/v4 metrics from every source (NVD's
 * own as source `nvd`, others under their source identifier), CWEs, references, the
 * English description, and the CPE configurations kept for CPE matching. Rejected CVEs are
 * marked withdrawn. Returns a reason string when the item is not a CVE record.
 */
export function parseNvdItem(item: unknown): Advisory | string {
  if (!isObject(item) || !isObject(item.cve)) return "item has no cve object";
  const cve = item.cve;
  if (typeof cve.id !== "string" || !/^CVE-\d{4}-\d+$/.test(cve.id)) return "cve.id is not a CVE id";
  const advisory: Advisory = {
    id: cve.id,
    aliases: [],
    provider: "nvd",
    severities: parseMetrics(cve.metrics),
    references: arrayOf(cve.references).flatMap((r): Reference[] => {
      if (!isObject(r) || typeof r.url !== "string") return [];
      const tag = arrayOf(r.tags).find((t): t is string => typeof t === "string" && t in referenceTypes);
      return [tag ? { url: r.url, type: referenceTypes[tag]! } : { url: r.url }];
    }),
    affected: [],
  };
  const description = arrayOf(cve.descriptions).find((d) => isObject(d) && d.lang === "en") as
    | Json
    | undefined;
  if (typeof description?.value === "string") advisory.details = description.value;
  if (typeof cve.published === "string") advisory.published = cve.published;
  if (typeof cve.lastModified === "string") advisory.modified = cve.lastModified;
  if (cve.vulnStatus === "Rejected") advisory.withdrawn = advisory.modified ?? advisory.published ?? "";
  const cwes = new Set<string>();
  for (const w of arrayOf(cve.weaknesses)) {
    if (!isObject(w)) continue;
    for (const d of arrayOf(w.description)) {
      if (isObject(d) && typeof d.value === "string" && /^CWE-\d+$/.test(d.value)) cwes.add(d.value);
    }
  }
  if (cwes.size) advisory.cwes = [...cwes];
  const configurations = arrayOf(cve.configurations)
    .map(parseConfiguration)
    .filter((c) => c.nodes.length > 0);
  if (configurations.length) advisory.cpeConfigurations = configurations;
  return advisory;
}

function parseMetrics(metrics: unknown): SeverityRating[] {
  if (!isObject(metrics)) return [];
  const out: SeverityRating[] = [];
  for (const key of metricKeys) {
    for (const m of arrayOf(metrics[key])) {
      if (!isObject(m) || !isObject(m.cvssData)) continue;
      const data = m.cvssData;
      const vector = data.vectorString;
      if (typeof vector !== "string") continue;
      const source = m.source === "nvd@nist.gov" || typeof m.source !== "string" ? "nvd" : m.source;
      const fallback: { score?: number; severity?: string } = {};
      if (typeof data.baseScore === "number") fallback.score = data.baseScore;
      const word = data.baseSeverity ?? m.baseSeverity;
      if (typeof word === "string") fallback.severity = word;
      const rating = rateCvss(vector, source, fallback);
      if (!rating.cvssVersion && typeof data.version === "string") rating.cvssVersion = data.version;
      out.push(rating);
    }
  }
  return out;
}

function parseConfiguration(c: unknown): CpeConfiguration {
  if (!isObject(c)) return { nodes: [] };
  const out: CpeConfiguration = {
    nodes: arrayOf(c.nodes)
      .map(parseNode)
      .filter((n) => n.cpeMatch.length > 0),
  };
  if (c.operator === "AND" || c.operator === "OR") out.operator = c.operator;
  if (c.negate === true) out.negate = true;
  return out;
}

function parseNode(n: unknown): CpeNode {
  if (!isObject(n)) return { operator: "OR", cpeMatch: [] };
  const node: CpeNode = {
    operator: n.operator === "AND" ? "AND" : "OR",
    cpeMatch: arrayOf(n.cpeMatch).flatMap((m): CpeMatch[] => {
      if (!isObject(m) || typeof m.criteria !== "string") return [];
      const match: CpeMatch = { vulnerable: m.vulnerable === true, criteria: m.criteria };
      for (const k of [
        "matchCriteriaId",
        "versionStartIncluding",
        "versionStartExcluding",
        "versionEndIncluding",
        "versionEndExcluding",
      ] as const) {
        const v = m[k];
        if (typeof v === "string") match[k] = v;
      }
      return [match];
    }),
  };
  if (n.negate === true) node.negate = true;
  return node;
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
