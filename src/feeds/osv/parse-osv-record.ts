import {
  type Advisory,
  type AffectedPackage,
  type Diagnostic,
  diagnostic,
  type FixState,
  normaliseSeverity,
  type Reference,
  type SeverityRating,
  severityRank,
  type VersionRange,
} from "../../model/index.js";
import { rateCvss } from "../shared/cvss-rating.js";
import { mapOsvEcosystem } from "./osv-ecosystem.js";

export interface OsvParseResult {
  advisory?: Advisory;
  diagnostics: Diagnostic[];
}

type Json = Record<string, unknown>;

/**
 * Normalises one OSV document (https://ossf.github.io/osv-schema/) into an Advisory.
 * Each affected entry keeps its ecosystem mapped to drydock's keys, its ranges flattened
 * into typed {introduced, fixed | lastAffected} pairs with the ecosystem's version scheme
 * (GIT ranges kept with scheme "git"), its explicit versions, and the fix versions derived
 * from the ranges. A document without an id is rejected with a diagnostic; a bad affected
 * entry is dropped with a diagnostic and the rest of the document kept.
 */
export function parseOsvRecord(doc: unknown, ctx: { provider: string; file: string }): OsvParseResult {
  const diagnostics: Diagnostic[] = [];
  const where = { file: ctx.file, source: "osv" };
  if (!isObject(doc) || typeof doc.id !== "string" || doc.id.trim() === "") {
    diagnostics.push(diagnostic("osv-invalid-record", "not an OSV record (no string id)", where));
    return { diagnostics };
  }
  const id = doc.id.trim();
  const severities: SeverityRating[] = [];
  for (const s of arrayOf(doc.severity)) {
    const rating = rateOsvSeverity(s, ctx.provider);
    if (rating) severities.push(rating);
  }
  const dbSpecific = isObject(doc.database_specific) ? doc.database_specific : {};
  if (typeof dbSpecific.severity === "string" && normaliseSeverity(dbSpecific.severity) !== "unknown") {
    severities.push({ source: ctx.provider, severity: normaliseSeverity(dbSpecific.severity) });
  }
  const affected: AffectedPackage[] = [];
  for (const [i, a] of arrayOf(doc.affected).entries()) {
    const parsed = parseAffected(a, ctx.provider);
    if (typeof parsed === "string") {
      diagnostics.push(diagnostic("osv-invalid-affected", `${id}: affected[${i}]: ${parsed}`, where));
      continue;
    }
    affected.push(parsed.affected);
    for (const r of parsed.ratings) severities.push(r);
  }
  const advisory: Advisory = {
    id,
    aliases: strings(doc.aliases).filter((a) => a !== id),
    provider: ctx.provider,
    severities,
    references: arrayOf(doc.references).flatMap((r): Reference[] => {
      if (!isObject(r) || typeof r.url !== "string") return [];
      return [typeof r.type === "string" ? { url: r.url, type: r.type } : { url: r.url }];
    }),
    affected,
  };
  const related = [...strings(doc.related), ...strings(doc.upstream)];
  if (related.length) advisory.related = [...new Set(related)];
  const cwes = strings(dbSpecific.cwe_ids);
  if (cwes.length) advisory.cwes = cwes;
  for (const k of ["summary", "details", "published", "modified", "withdrawn"] as const) {
    const v = doc[k];
    if (typeof v === "string" && v !== "") advisory[k] = v;
  }
  return { advisory, diagnostics };
}

function parseAffected(
  a: unknown,
  provider: string,
): { affected: AffectedPackage; ratings: SeverityRating[] } | string {
  if (!isObject(a)) return "not an object";
  const ranges = arrayOf(a.ranges);
  let ecosystem: string;
  let name: string;
  let distro: string | undefined;
  let scheme: VersionRange["scheme"] = "ecosystem";
  let note: string | undefined;
  if (isObject(a.package)) {
    const pkg = a.package;
    if (typeof pkg.ecosystem !== "string" || typeof pkg.name !== "string" || !pkg.name) {
      return "package has no ecosystem or name";
    }
    const key = mapOsvEcosystem(pkg.ecosystem);
    ecosystem = key.ecosystem;
    distro = key.distro;
    scheme = key.scheme;
    note = key.note;
    name = pkg.name;
  } else {
    // No package: source-only records (CPython's PSF advisories) keyed by repository.
    const repo = ranges.find((r) => isObject(r) && r.type === "GIT" && typeof r.repo === "string") as
      | Json
      | undefined;
    if (!repo) return "no package and no GIT range";
    ecosystem = "git";
    name = repo.repo as string;
  }
  const flat: VersionRange[] = [];
  for (const r of ranges) {
    if (!isObject(r) || typeof r.type !== "string") return "range without a type";
    const rangeScheme: VersionRange["scheme"] =
      r.type === "GIT" ? "git" : r.type === "SEMVER" && scheme === "ecosystem" ? "semver" : scheme;
    flat.push(
      ...flattenEvents(arrayOf(r.events), rangeScheme, typeof r.repo === "string" ? r.repo : undefined),
    );
  }
  const versions = strings(a.versions);
  const fixed = fixVersions(flat);
  const out: AffectedPackage = {
    ecosystem,
    name,
    status: "affected",
    ranges: flat,
    fix: { state: fixState(flat, fixed), versions: fixed },
  };
  if (distro) out.distro = distro;
  if (versions.length) out.versions = versions;
  if (note) out.note = note;
  const ratings = arrayOf(a.severity)
    .map((s) => rateOsvSeverity(s, provider))
    .filter((s): s is SeverityRating => s !== undefined);
  const vendorWord = [a.ecosystem_specific, a.database_specific]
    .filter(isObject)
    .map((o) => o.severity ?? o.ubuntu_priority)
    .find((s): s is string => typeof s === "string" && normaliseSeverity(s) !== "unknown");
  const best = [...ratings].sort((x, y) => severityRank(y.severity) - severityRank(x.severity))[0];
  if (vendorWord) out.severity = { source: provider, severity: normaliseSeverity(vendorWord) };
  else if (best) out.severity = best;
  return { affected: out, ratings };
}

/**
 * OSV events, in the order given, become ranges: each `introduced` opens one, the next
 * `fixed` or `last_affected` closes it (an unopened close means "from the beginning");
 * `limit` applies to every range of the set.
 */
function flattenEvents(
  events: unknown[],
  scheme: VersionRange["scheme"],
  repo: string | undefined,
): VersionRange[] {
  const out: VersionRange[] = [];
  let open: VersionRange | undefined;
  let limit: string | undefined;
  for (const e of events) {
    if (!isObject(e)) continue;
    if (typeof e.introduced === "string") {
      if (open) out.push(open);
      open = { scheme, introduced: e.introduced };
    } else if (typeof e.fixed === "string") {
      out.push({ ...(open ?? { scheme }), fixed: e.fixed });
      open = undefined;
    } else if (typeof e.last_affected === "string") {
      out.push({ ...(open ?? { scheme }), lastAffected: e.last_affected });
      open = undefined;
    } else if (typeof e.limit === "string") {
      limit ??= e.limit;
    }
  }
  if (open) out.push(open);
  for (const r of out) {
    if (limit !== undefined) r.limit = limit;
    if (repo !== undefined) r.repo = repo;
  }
  return out;
}

/** Versions that fix it: version fixes first; commit fixes only when there are no others. */
function fixVersions(ranges: VersionRange[]): string[] {
  const pick = (git: boolean) => [
    ...new Set(ranges.filter((r) => (r.scheme === "git") === git && r.fixed).map((r) => r.fixed!)),
  ];
  const versions = pick(false);
  return versions.length ? versions : pick(true);
}

function fixState(ranges: VersionRange[], fixed: string[]): FixState {
  if (fixed.length) return "fixed";
  if (ranges.some((r) => r.fixed === undefined && r.lastAffected === undefined)) return "not-fixed";
  return "unknown";
}

function rateOsvSeverity(s: unknown, source: string): SeverityRating | undefined {
  if (!isObject(s) || typeof s.type !== "string" || typeof s.score !== "string") return undefined;
  if (s.type.startsWith("CVSS_")) return rateCvss(s.score, source);
  // Ubuntu writes its priority word as the score.
  const severity = normaliseSeverity(s.score);
  return severity === "unknown" ? undefined : { source, severity };
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function arrayOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function strings(v: unknown): string[] {
  return arrayOf(v).filter((s): s is string => typeof s === "string" && s !== "");
}
