import type {
  Advisory,
  AffectedPackage,
  CpeConfiguration,
  EpssScore,
  FixState,
  KevEntry,
  Reference,
  Severity,
  SeverityRating,
  VersionRange,
} from "../../model/index.js";
import type { AdvisoryDetail } from "../reader.js";

/**
 * SQL that loads advisories with everything attached, in one statement. `{from}` is a row
 * source giving `pk` (the advisory) and, when `{affected}` aggregates only some rows,
 * the affected rows as `h.*`. Child rows come back as JSON arrays, decoded by
 * {@link decodeAdvisoryRow}.
 */
export const advisoryColumns = `
  a.pk, a.provider, a.id, a.summary, a.details, a.published, a.modified, a.withdrawn, a.detail,
  (SELECT json_group_array(alias) FROM aliases WHERE advisory = a.pk) AS aliases,
  (SELECT json_group_array(json_array(source, severity, cvss_version, vector, score))
     FROM severities WHERE advisory = a.pk) AS severities,
  (SELECT json_group_array(cwe) FROM cwes WHERE advisory = a.pk) AS cwes,
  (SELECT json_group_array(json_array(url, type)) FROM refs WHERE advisory = a.pk) AS refs,
  (SELECT json_group_array(json_array(cve, vendor_project, product, name, date_added, due_date, ransomware,
     required_action)) FROM kev
     WHERE cve IN (SELECT a.id UNION SELECT alias FROM aliases WHERE advisory = a.pk)) AS kev,
  (SELECT json_group_array(json_array(cve, epss, percentile, date)) FROM epss
     WHERE cve IN (SELECT a.id UNION SELECT alias FROM aliases WHERE advisory = a.pk)) AS epss`;

/** Aggregates affected rows aliased `h` into one JSON array. */
export const affectedAggregate = `json_group_array(json_array(h.ecosystem, h.distro, h.package_name, h.status,
  json(h.ranges), json(h.versions), h.fix_state, json(h.fix_versions), json(h.severity), h.note, h.module,
  h.name_kind, json(h.requirements)))`;

export interface AdvisoryRow {
  pk: number;
  provider: string;
  id: string;
  summary: string | null;
  details: string | null;
  published: string | null;
  modified: string | null;
  withdrawn: string | null;
  detail: string | null;
  aliases: string;
  severities: string;
  cwes: string;
  refs: string;
  kev: string;
  epss: string;
  affected: string;
}

type AffectedTuple = [
  string,
  string | null,
  string,
  "affected" | "not-affected",
  VersionRange[],
  string[] | null,
  FixState,
  string[],
  SeverityRating | null,
  string | null,
  string | null,
  AffectedPackage["nameKind"] | null,
  AffectedPackage["requirements"] | null,
];

/** Turns one row of {@link advisoryColumns} + affected aggregate into an AdvisoryDetail. */
export function decodeAdvisoryRow(row: AdvisoryRow): AdvisoryDetail {
  const detail = row.detail
    ? (JSON.parse(row.detail) as { related?: string[]; cpeConfigurations?: CpeConfiguration[] })
    : {};
  const advisory: Advisory = {
    id: row.id,
    aliases: (JSON.parse(row.aliases) as string[]).sort(),
    provider: row.provider,
    severities: (JSON.parse(row.severities) as [string, Severity, string, string, number | null][]).map(
      ([source, severity, cvssVersion, vector, score]) => {
        const s: SeverityRating = { source, severity };
        if (vector) s.vector = vector;
        if (cvssVersion) s.cvssVersion = cvssVersion;
        if (score !== null) s.score = score;
        return s;
      },
    ),
    references: (JSON.parse(row.refs) as [string, string | null][]).map(([url, type]) => {
      const r: Reference = { url };
      if (type) r.type = type;
      return r;
    }),
    affected: (JSON.parse(row.affected) as AffectedTuple[]).map(decodeAffected),
  };
  const cwes = JSON.parse(row.cwes) as string[];
  if (cwes.length) advisory.cwes = cwes.sort();
  if (row.summary !== null) advisory.summary = row.summary;
  if (row.details !== null) advisory.details = row.details;
  if (row.published !== null) advisory.published = row.published;
  if (row.modified !== null) advisory.modified = row.modified;
  if (row.withdrawn !== null) advisory.withdrawn = row.withdrawn;
  if (detail.related?.length) advisory.related = detail.related;
  if (detail.cpeConfigurations?.length) advisory.cpeConfigurations = detail.cpeConfigurations;
  return { advisory, kev: decodeKev(row.kev), epss: decodeEpss(row.epss) };
}

function decodeAffected(t: AffectedTuple): AffectedPackage {
  const [
    ecosystem,
    distro,
    name,
    status,
    ranges,
    versions,
    state,
    fixVersions,
    severity,
    note,
    module,
    nameKind,
    requirements,
  ] = t;
  const af: AffectedPackage = {
    ecosystem,
    ...(distro !== null ? { distro } : {}),
    name,
    status,
    ranges,
    fix: { state, versions: fixVersions },
  };
  if (versions) af.versions = versions;
  if (severity) af.severity = severity;
  if (note !== null) af.note = note;
  if (module !== null) af.module = module;
  if (nameKind) af.nameKind = nameKind;
  if (requirements) af.requirements = requirements;
  return af;
}

type KevTuple = [string, ...(string | null)[]];

export function decodeKev(json: string): KevEntry[] {
  return (JSON.parse(json) as KevTuple[]).map(kevFromTuple);
}

export function kevFromTuple([cve, vendorProject, product, name, dateAdded, dueDate, ransomware, action]: (
  | string
  | null
)[]): KevEntry {
  const k: KevEntry = { cve: cve!, dateAdded: dateAdded ?? "" };
  if (vendorProject) k.vendorProject = vendorProject;
  if (product) k.product = product;
  if (name) k.name = name;
  if (dueDate) k.dueDate = dueDate;
  if (ransomware) k.knownRansomwareCampaignUse = ransomware;
  if (action) k.requiredAction = action;
  return k;
}

export function decodeEpss(json: string): EpssScore[] {
  return (JSON.parse(json) as [string, number, number, string | null][]).map(
    ([cve, epss, percentile, date]) => {
      const s: EpssScore = { cve, epss, percentile };
      if (date) s.date = date;
      return s;
    },
  );
}
