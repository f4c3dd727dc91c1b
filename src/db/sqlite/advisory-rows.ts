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

/*
 * How advisories are read back from the narrow tables. Every statement here answers a whole
 * batch with ONE JSON text (`json_group_array`), decoded by one `JSON.parse`: in V8 that is
 * several times cheaper than handing the same values over one column of one row at a time.
 * Batches of keys travel as one JSON array parameter (`json_each`), so the statements are
 * prepared once and reused for any batch size.
 */

/** The advisory keys of a batch: `@refs` is a JSON array of `advisories.pk`. */
const inRefs = "IN (SELECT value FROM json_each(@refs))";

/**
 * The columns of one affected row a judge reads, in {@link AffectedTuple} order. Ecosystem and
 * distro are not among them: a candidate takes them from its query, a full load selects them.
 */
const affectedTuple = `af.package_name, af.status, json(af.ranges), json(af.versions), af.fix_state,
  json(af.fix_versions), json(af.severity), af.note, af.module, af.name_kind, json(af.requirements)`;

/**
 * Phase one of a match: every affected entry for every query of a batch (`@queries`, a JSON
 * array of `[query index, ecosystem, distro, normalised name]`, best sorted by key so the
 * index seeks walk the index in order), joined on the (ecosystem, distro, name) index, with
 * the advisory's key and the entry's rowid, and nothing of the advisory itself: its identity
 * comes from {@link identitiesSql}, once per advisory rather than once per entry. Unordered:
 * sorting the rows' JSON in SQLite costs more than ordering the decoded candidates (see
 * orderCandidates).
 */
export const candidatesSql = `
WITH q AS MATERIALIZED (
  SELECT value ->> '$[0]' AS idx, value ->> '$[1]' AS ecosystem, value ->> '$[2]' AS distro,
         value ->> '$[3]' AS name
  FROM json_each(@queries)
)
SELECT json_group_array(json_array(q.idx, af.advisory, af.rowid, ${affectedTuple})) AS rows
FROM q CROSS JOIN affected af
WHERE af.ecosystem = q.ecosystem AND af.distro IS q.distro AND af.name = q.name`;

/** Provider, id and withdrawal of a batch of advisories; withdrawn ones only with `@withdrawn`. */
export const identitiesSql = `
SELECT json_group_array(json_array(pk, provider, id, withdrawn)) AS rows
FROM advisories WHERE pk ${inRefs} AND (@withdrawn OR withdrawn IS NULL)`;

/**
 * The advisories' own columns. `detail` holds `related` and the NVD `cpeConfigurations`
 * (kilobytes per NVD record): without `@cpe` only `related` is read out of it, and only
 * parsed where the text names it at all (a byte scan is far cheaper than a JSON parse).
 */
export const headsSql = `
SELECT json_group_array(json_array(pk, provider, id, summary, details, published, modified, withdrawn,
  CASE WHEN @cpe THEN json(detail) WHEN instr(detail, '"related"') THEN json(detail -> '$.related') END)) AS rows
FROM advisories WHERE pk ${inRefs}`;

/** Child rows per advisory, each in the order of its primary key (the order `find` always had). */
export const partsSql = {
  aliases: `SELECT json_group_array(json_array(advisory, alias)) AS rows FROM aliases WHERE advisory ${inRefs}`,
  severities: `SELECT json_group_array(json_array(advisory, source, severity, cvss_version, vector, score)
    ORDER BY advisory, source, cvss_version, vector, severity) AS rows FROM severities WHERE advisory ${inRefs}`,
  cwes: `SELECT json_group_array(json_array(advisory, cwe)) AS rows FROM cwes WHERE advisory ${inRefs}`,
  references: `SELECT json_group_array(json_array(advisory, url, type) ORDER BY advisory, url) AS rows
    FROM refs WHERE advisory ${inRefs}`,
  affected: `SELECT json_group_array(json_array(af.advisory, af.ecosystem, af.distro, ${affectedTuple})
    ORDER BY af.advisory, af.rowid) AS rows
    FROM affected af WHERE af.advisory ${inRefs}`,
} as const;

/**
 * Advisories by id or alias (case-insensitive, through the NOCASE indexes), with `@related`
 * also by the OSV `related` ids kept in `detail` (no index: a scan of the records, the byte
 * test first so only the few that have `related` are parsed), optionally only those of some
 * providers (`@providers`: JSON array, or NULL for all), ordered by id, provider.
 */
export const refsByIdsSql = `
WITH ids AS MATERIALIZED (SELECT DISTINCT value AS id FROM json_each(@ids)),
hits(pk) AS (
  SELECT a.pk FROM ids CROSS JOIN advisories a WHERE a.id = ids.id COLLATE NOCASE
  UNION
  SELECT al.advisory FROM ids CROSS JOIN aliases al WHERE @aliases AND al.alias = ids.id COLLATE NOCASE
  UNION
  SELECT a.pk FROM advisories a WHERE @related AND instr(a.detail, '"related"') AND EXISTS (
    SELECT 1 FROM json_each(a.detail, '$.related') r CROSS JOIN ids WHERE r.value = ids.id COLLATE NOCASE)
)
SELECT json_group_array(a.pk ORDER BY a.id, a.provider) AS rows
FROM hits CROSS JOIN advisories a ON a.pk = hits.pk
WHERE @providers IS NULL OR EXISTS (
  SELECT 1 FROM json_each(@providers) p
  WHERE a.provider = p.value OR substr(a.provider, 1, length(p.value) + 1) = p.value || ':'
)`;

/** KEV entries and EPSS scores of a batch of ids (`@cves`, a JSON array), each at most once. */
export const enrichmentSql = `
WITH c AS MATERIALIZED (SELECT DISTINCT value AS cve FROM json_each(@cves))
SELECT json_group_array(json_array(c.cve,
  CASE WHEN k.cve IS NULL THEN NULL ELSE json_array(k.cve, k.vendor_project, k.product, k.name, k.date_added,
    k.due_date, k.ransomware, k.required_action) END,
  e.epss, e.percentile, e.date)) AS rows
FROM c LEFT JOIN kev k ON k.cve = c.cve LEFT JOIN epss e ON e.cve = c.cve
WHERE k.cve IS NOT NULL OR e.cve IS NOT NULL`;

/** Parses the one JSON text a batch statement returns (`[]` when it matched nothing). */
export function parseRows<T>(row: unknown): T[] {
  const text = (row as { rows: string | null } | undefined)?.rows;
  return text ? (JSON.parse(text) as T[]) : [];
}

/** One affected row: the name as the feed wrote it, then the judged fields. */
export type AffectedTuple = [
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

/** A row of {@link candidatesSql}: query index, advisory pk, the entry's rowid, the entry. */
export type CandidateTuple = [number, number, number, ...AffectedTuple];

/** A row of {@link identitiesSql}: pk, provider, id, withdrawn. */
export type IdentityTuple = [number, string, string, string | null];

/**
 * Puts candidates in the order `find` always answered in: query, advisory id, provider, then
 * the entries' stored order (`rowids`, parallel to `candidates`). Grouped by query first in
 * linear time (a batch has up to 10^5 candidates in 10^3 queries), then each query's few
 * candidates are sorted. Strings compare by UTF-16 code unit, which is SQLite's BINARY order
 * for every id and provider a feed writes (ASCII).
 */
export function orderCandidates<C extends { query: number; advisory: { id: string; provider: string } }>(
  candidates: readonly C[],
  rowids: readonly number[],
  queryCount: number,
): C[] {
  const starts = new Int32Array(queryCount + 1);
  for (const c of candidates) starts[c.query + 1]!++;
  for (let q = 0; q < queryCount; q++) starts[q + 1]! += starts[q]!;
  const next = starts.slice(0, queryCount);
  const order = new Array<number>(candidates.length);
  for (let i = 0; i < candidates.length; i++) order[next[candidates[i]!.query]!++] = i;
  const byAdvisory = (i: number, j: number): number => {
    const x = candidates[i]!.advisory;
    const y = candidates[j]!.advisory;
    if (x.id !== y.id) return x.id < y.id ? -1 : 1;
    if (x.provider !== y.provider) return x.provider < y.provider ? -1 : 1;
    return rowids[i]! - rowids[j]!;
  };
  const out: C[] = [];
  for (let q = 0; q < queryCount; q++) {
    const from = starts[q]!;
    const to = starts[q + 1]!;
    if (to - from > 1) {
      const bucket = order.slice(from, to).sort(byAdvisory);
      for (const i of bucket) out.push(candidates[i]!);
    } else if (to > from) {
      out.push(candidates[order[from]!]!);
    }
  }
  return out;
}

/** Decodes the affected tuple that starts at `at` in `t`, an entry of `ecosystem` and `distro`. */
export function decodeAffected(
  ecosystem: string,
  distro: string | null,
  t: readonly unknown[],
  at: number,
): AffectedPackage {
  const name = t[at] as string;
  const status = t[at + 1] as AffectedPackage["status"];
  const ranges = t[at + 2] as VersionRange[];
  const fix = { state: t[at + 4] as FixState, versions: t[at + 5] as string[] };
  // Two literal shapes rather than a spread: this runs once per candidate of a scan.
  const af: AffectedPackage =
    distro !== null
      ? { ecosystem, distro, name, status, ranges, fix }
      : { ecosystem, name, status, ranges, fix };
  const versions = t[at + 3] as string[] | null;
  const severity = t[at + 6] as SeverityRating | null;
  const note = t[at + 7] as string | null;
  const module = t[at + 8] as string | null;
  const nameKind = t[at + 9] as AffectedPackage["nameKind"] | null;
  const requirements = t[at + 10] as AffectedPackage["requirements"] | null;
  if (versions) af.versions = versions;
  if (severity) af.severity = severity;
  if (note !== null) af.note = note;
  if (module !== null) af.module = module;
  if (nameKind) af.nameKind = nameKind;
  if (requirements) af.requirements = requirements;
  return af;
}

/** A row of {@link headsSql}. */
export type HeadTuple = [
  number,
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  { related?: string[]; cpeConfigurations?: CpeConfiguration[] } | string[] | null,
];

/** The child rows of a batch of advisories, each list keyed by advisory pk. */
export interface AdvisoryParts {
  aliases: [number, string][];
  severities: [number, string, Severity, string, string, number | null][];
  cwes: [number, string][];
  references: [number, string, string | null][];
  affected: [number, string, string | null, ...AffectedTuple][];
}

/**
 * Assembles advisories from their own columns and their child rows, with the same shape and
 * orders `byId` always gave (aliases and CWEs sorted, the rest in key order).
 */
export function assembleAdvisories(heads: readonly HeadTuple[], parts: AdvisoryParts): Map<number, Advisory> {
  const out = new Map<number, Advisory>();
  const cwes = new Map<number, string[]>();
  for (let i = 0; i < heads.length; i++) {
    const row = heads[i]!;
    const pk = row[0];
    const summary = row[3];
    const details = row[4];
    const published = row[5];
    const modified = row[6];
    const withdrawn = row[7];
    const detail = row[8];
    const advisory: Advisory = {
      id: row[2],
      aliases: [],
      provider: row[1],
      severities: [],
      references: [],
      affected: [],
    };
    if (summary !== null) advisory.summary = summary;
    if (details !== null) advisory.details = details;
    if (published !== null) advisory.published = published;
    if (modified !== null) advisory.modified = modified;
    if (withdrawn !== null) advisory.withdrawn = withdrawn;
    // Without the CPE part, `detail` is only its `related` array.
    const related = Array.isArray(detail) ? detail : detail?.related;
    if (related?.length) advisory.related = related;
    if (detail && !Array.isArray(detail) && detail.cpeConfigurations?.length)
      advisory.cpeConfigurations = detail.cpeConfigurations;
    out.set(pk, advisory);
  }
  // Indexed loops: tuple destructuring in for-of goes through the iterator protocol.
  for (let i = 0; i < parts.aliases.length; i++) {
    const row = parts.aliases[i]!;
    out.get(row[0])?.aliases.push(row[1]);
  }
  for (let i = 0; i < parts.severities.length; i++) {
    const row = parts.severities[i]!;
    const s: SeverityRating = { source: row[1], severity: row[2] };
    if (row[4]) s.vector = row[4];
    if (row[3]) s.cvssVersion = row[3];
    if (row[5] !== null) s.score = row[5];
    out.get(row[0])?.severities.push(s);
  }
  for (let i = 0; i < parts.references.length; i++) {
    const row = parts.references[i]!;
    const r: Reference = row[2] ? { url: row[1], type: row[2] } : { url: row[1] };
    out.get(row[0])?.references.push(r);
  }
  for (let i = 0; i < parts.affected.length; i++) {
    const row = parts.affected[i]!;
    out.get(row[0])?.affected.push(decodeAffected(row[1], row[2], row, 3));
  }
  for (let i = 0; i < parts.cwes.length; i++) {
    const row = parts.cwes[i]!;
    const list = cwes.get(row[0]);
    if (list) list.push(row[1]);
    else cwes.set(row[0], [row[1]]);
  }
  for (const [pk, advisory] of out) {
    advisory.aliases.sort();
    const list = cwes.get(pk);
    if (list) advisory.cwes = list.sort();
  }
  return out;
}

/** A row of {@link enrichmentSql}. */
export type EnrichmentTuple = [string, (string | null)[] | null, number | null, number | null, string | null];

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

export function epssFromTuple(
  cve: string,
  epss: number,
  percentile: number | null,
  date: string | null,
): EpssScore {
  const s: EpssScore = { cve, epss, percentile: percentile ?? 0 };
  if (date) s.date = date;
  return s;
}
