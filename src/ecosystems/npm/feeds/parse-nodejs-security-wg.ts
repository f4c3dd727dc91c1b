import {
  complementIntervals,
  type Interval,
  intersectIntervals,
  intervalsToRanges,
} from "../../../feeds/native/version-intervals.js";
import type { Advisory, AffectedPackage, Reference } from "../../../model/advisory.js";
import { normaliseSeverity, type SeverityRating, severityFromScore } from "../../../model/severity.js";
import { compareSemver, parseNpmRange } from "./semver-intervals.js";

/** `vuln/{npm,core,deps}/<n>.json` under an optional archive top folder; `index.json` is not a record. */
export const securityWgEntry = /^(?:[^/]+\/)?vuln\/(npm|core|deps)\/(\d+)\.json$/;

/**
 * Ecosystem id for the Node.js runtime itself (`vuln/core`, `vuln/deps`), named `node`:
 * not an npm package, it is matched against a node binary found in an image.
 */
export const nodeRuntimeEcosystem = "node-runtime";

/**
 * Reads one nodejs/security-wg record:
 * - `vuln/npm/<n>.json` (historic NSP advisories): `NSWG-ECO-<n>` on npm package
 *   `module_name`, affected = `vulnerable_versions`.
 * - `vuln/core/<n>.json`: `NSWG-CORE-<n>` on the runtime (`node-runtime`/`node`), affected =
 *   `vulnerable` minus `patched` (core records give release lines as vulnerable and the
 *   fixed versions as patched: `8.x` and `^8.1.4`).
 * - `vuln/deps/<n>.json`: the project's statement that CVEs of a bundled dependency do not
 *   affect Node.js: one not-affected advisory per CVE, with the reason.
 * Ranges become semver range events when exact, else `requirements` keep the strings.
 *
 * @throws Error with a one-line reason when the record is not usable.
 */
export function parseSecurityWgRecord(entryName: string, text: string, provider: string): Advisory[] {
  const path = entryName.match(securityWgEntry);
  if (!path?.[1] || !path[2]) throw new Error("not a vuln/{npm,core,deps}/<n>.json path");
  const doc: unknown = JSON.parse(text);
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("not a JSON object");
  const data = doc as Record<string, unknown>;
  switch (path[1]) {
    case "npm":
      return [readNpmRecord(path[2], data, provider)];
    case "core":
      return [readCoreRecord(path[2], data, provider)];
    default:
      return readDepsRecord(data, provider);
  }
}

function readNpmRecord(number: string, data: Record<string, unknown>, provider: string): Advisory {
  const name = str(data.module_name);
  const vulnerable = str(data.vulnerable_versions);
  if (name === undefined) throw new Error("no module_name");
  if (vulnerable === undefined) throw new Error("no vulnerable_versions");
  const patched = str(data.patched_versions);
  const affected = affectedEntry("npm", name, vulnerable, undefined, patched);
  const advisory = baseAdvisory(`NSWG-ECO-${number}`, list(data.cves), provider);
  advisory.affected.push(affected);
  setText(advisory, str(data.title), [str(data.overview), str(data.recommendation)]);
  advisory.references = references([...list(data.references)]);
  const published = dateOf(data.publish_date) ?? dateOf(data.created_at);
  if (published) advisory.published = published;
  const modified = dateOf(data.updated_at);
  if (modified) advisory.modified = modified;
  const vector = str(data.cvss_vector);
  const score = Number(data.cvss_score);
  if (vector !== undefined || Number.isFinite(score)) {
    const rating: SeverityRating = {
      source: provider,
      severity: Number.isFinite(score) ? severityFromScore(score) : "unknown",
    };
    if (vector) rating.vector = vector;
    const version = vector?.match(/^CVSS:(\d\.\d)\//)?.[1];
    if (version) rating.cvssVersion = version;
    if (Number.isFinite(score)) rating.score = score;
    advisory.severities.push(rating);
  }
  return advisory;
}

function readCoreRecord(number: string, data: Record<string, unknown>, provider: string): Advisory {
  const vulnerable = str(data.vulnerable);
  if (vulnerable === undefined) throw new Error("no vulnerable range");
  const patched = str(data.patched);
  const affected = affectedEntry(nodeRuntimeEcosystem, "node", vulnerable, patched, patched);
  const environments = list(data.affectedEnvironments);
  if (environments.length > 0 && !environments.includes("all")) {
    affected.note = `only on ${environments.join(", ")}`;
  }
  const advisory = baseAdvisory(`NSWG-CORE-${number}`, list(data.cve), provider);
  advisory.affected.push(affected);
  setText(advisory, str(data.description), [str(data.overview)]);
  advisory.references = references([str(data.ref)]);
  const severity = str(data.severity);
  if (severity) advisory.severities.push({ source: provider, severity: normaliseSeverity(severity) });
  const published = dateOf(data.publish_date);
  if (published) advisory.published = published;
  return advisory;
}

function readDepsRecord(data: Record<string, unknown>, provider: string): Advisory[] {
  const cves = list(data.cve).filter((c) => /^CVE-\d{4}-\d+$/.test(c));
  if (cves.length === 0) throw new Error("no CVE ids");
  const reason = str(data.reason) ?? "not affected";
  return cves.map((cve) => {
    const advisory = baseAdvisory(cve, [], provider);
    advisory.affected.push({
      ecosystem: nodeRuntimeEcosystem,
      name: "node",
      status: "not-affected",
      ranges: [],
      fix: { state: "unknown", versions: [] },
      note: reason.replaceAll("_", " "),
    });
    setText(advisory, str(data.description), [str(data.overview)]);
    advisory.references = references([str(data.ref)]);
    return advisory;
  });
}

/**
 * Affected versions = `vulnerable` minus `excluded` (when given), as range events, or as
 * requirement strings when events cannot express them or a range does not parse.
 */
function affectedEntry(
  ecosystem: string,
  name: string,
  vulnerable: string,
  excluded: string | undefined,
  patched: string | undefined,
): AffectedPackage {
  const fixes = patched ? fixVersions(patched) : [];
  const entry: AffectedPackage = {
    ecosystem,
    name,
    status: "affected",
    ranges: [],
    fix: { state: fixes.length > 0 ? "fixed" : "not-fixed", versions: fixes },
  };
  let set: Interval[] | undefined = parseNpmRange(vulnerable);
  if (set !== undefined && excluded !== undefined) {
    const out = parseNpmRange(excluded);
    set =
      out === undefined
        ? undefined
        : intersectIntervals(set, complementIntervals(out, compareSemver), compareSemver);
  }
  const ranges = set === undefined ? undefined : intervalsToRanges(set, "semver");
  if (ranges !== undefined) {
    entry.ranges = ranges;
  } else {
    entry.requirements = {
      scheme: "semver",
      affected: [vulnerable],
      ...(excluded ? { unaffected: [excluded] } : {}),
    };
  }
  return entry;
}

/** Lowest version of each alternative of a patched range (`^8.1.4 || ^7.10.1` → 8.1.4, 7.10.1). */
function fixVersions(patched: string): string[] {
  const set = parseNpmRange(patched) ?? [];
  return set.flatMap((i) => (i.lower?.inclusive ? [i.lower.version] : []));
}

function baseAdvisory(id: string, cves: string[], provider: string): Advisory {
  return {
    id,
    aliases: [...new Set(cves.filter((c) => c !== id && /^CVE-\d{4}-\d+$/.test(c)))],
    provider,
    severities: [],
    references: [],
    affected: [],
  };
}

function setText(advisory: Advisory, summary: string | undefined, details: (string | undefined)[]): void {
  if (summary) advisory.summary = summary;
  const text = details.filter(Boolean).join("\n\n").trim();
  if (text) advisory.details = text;
}

function references(urls: (string | undefined)[]): Reference[] {
  return [...new Set(urls.filter((u): u is string => u !== undefined && /^https?:\/\//.test(u)))].map(
    (url) => ({
      url,
    }),
  );
}

function list(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((v): v is string => typeof v === "string")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function dateOf(value: unknown): string | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  if (Number.isNaN(time)) return undefined;
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : new Date(time).toISOString();
}

function str(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  return text === "" ? undefined : text;
}
