import { parse } from "yaml";
import {
  complementIntervals,
  type Interval,
  intervalsToRanges,
  normaliseIntervals,
} from "../../../feeds/native/version-intervals.js";
import type { Advisory, AffectedPackage, Reference } from "../../../model/advisory.js";
import { type SeverityRating, severityFromScore } from "../../../model/severity.js";
import { compareGemVersions, parseGemRequirement } from "./gem-requirements.js";

/** `gems/<gem>/<id>.yml` or `rubies/<engine>/<id>.yml`, under an optional archive top folder. */
export const rubysecEntry = /^(?:[^/]+\/)?(gems|rubies)\/([^/]+)\/([^/]+)\.ya?ml$/;

/**
 * Ecosystem id for Ruby implementations themselves (`rubies/ruby`, `rubies/jruby`): not
 * gems, and not OS packages either; an interpreter found in an image (a source-built
 * /usr/local/bin/ruby) is matched against these by engine name with the gem version order.
 */
export const rubyEngineEcosystem = "ruby-engine";

/**
 * Reads one ruby-advisory-db file. The affected versions are everything that satisfies
 * neither a `patched_versions` nor an `unaffected_versions` requirement; they are written as
 * `gem` range events when that set has only inclusive lower bounds, else the requirement
 * strings are kept as they are (`requirements`, see AffectedPackage).
 *
 * @throws Error with a one-line reason when the file is not a usable advisory.
 */
export function parseRubysecAdvisory(entryName: string, text: string, provider: string): Advisory {
  const path = entryName.match(rubysecEntry);
  if (!path?.[1] || !path[2] || !path[3]) throw new Error("not a gems/ or rubies/ advisory path");
  const [, kind, folder, stem] = path;
  const doc: unknown = parse(text);
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("not a YAML mapping");
  const data = doc as Record<string, unknown>;
  const name = str(kind === "gems" ? data.gem : data.engine) ?? folder;
  const patched = requirementList(data.patched_versions, "patched_versions");
  const unaffected = requirementList(data.unaffected_versions, "unaffected_versions");
  const aliases = [
    prefixed("CVE-", data.cve),
    prefixed("GHSA-", data.ghsa),
    prefixed("OSVDB-", data.osvdb),
  ].filter((a): a is string => a !== undefined && a !== stem);
  const advisory: Advisory = {
    id: stem,
    aliases: [...new Set(aliases)],
    provider,
    severities: severitiesOf(data, provider),
    references: referencesOf(data),
    affected: [
      affectedPackage(kind === "gems" ? "gem" : rubyEngineEcosystem, name, patched, unaffected, data),
    ],
  };
  const title = str(data.title);
  if (title) advisory.summary = title;
  const details = [str(data.description), str(data.notes) ? `Notes: ${str(data.notes)}` : undefined]
    .filter(Boolean)
    .join("\n\n");
  if (details) advisory.details = details;
  const published = dateOf(data.date);
  if (published) advisory.published = published;
  return advisory;
}

function affectedPackage(
  ecosystem: string,
  name: string,
  patched: string[],
  unaffected: string[],
  data: Record<string, unknown>,
): AffectedPackage {
  const safeSets = [...patched, ...unaffected].map(parseGemRequirement);
  const fixes = [...new Set(patched.map(minimumVersion).filter((v): v is string => v !== undefined))];
  const entry: AffectedPackage = {
    ecosystem,
    name,
    status: "affected",
    ranges: [],
    fix: { state: patched.length > 0 ? "fixed" : "not-fixed", versions: fixes },
  };
  const platform = str(data.platform);
  if (platform) entry.note = `only on platform ${platform}`;
  if (safeSets.every((s): s is Interval[] => s !== undefined)) {
    const affected = complementIntervals(
      normaliseIntervals(safeSets.flat(), compareGemVersions),
      compareGemVersions,
    );
    const ranges = intervalsToRanges(affected, "gem");
    if (ranges !== undefined) {
      entry.ranges = ranges;
      if (ranges.length === 0) {
        entry.status = "not-affected";
        entry.note = "the patched and unaffected requirements cover every version";
      }
      return entry;
    }
  }
  entry.requirements = { scheme: "gem", unaffected: [...patched, ...unaffected] };
  return entry;
}

/** The lowest version a patched requirement admits (`~> 4.2.0, >= 4.2.5.1` → 4.2.5.1). */
function minimumVersion(requirement: string): string | undefined {
  const first = parseGemRequirement(requirement)?.[0];
  return first?.lower?.inclusive ? first.lower.version : undefined;
}

function requirementList(value: unknown, field: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new Error(`${field} is not a list`);
  return value.map((v) => {
    if (typeof v !== "string" && typeof v !== "number") throw new Error(`${field} holds a non-string entry`);
    return String(v).trim();
  });
}

function severitiesOf(data: Record<string, unknown>, provider: string): SeverityRating[] {
  const out: SeverityRating[] = [];
  for (const [field, cvssVersion] of [
    ["cvss_v4", "4.0"],
    ["cvss_v3", "3.x"],
    ["cvss_v2", "2.0"],
  ] as const) {
    const score = Number(data[field]);
    if (data[field] === undefined || data[field] === null || !Number.isFinite(score)) continue;
    out.push({ source: provider, severity: severityFromScore(score), score, cvssVersion });
  }
  return out;
}

function referencesOf(data: Record<string, unknown>): Reference[] {
  const related = data.related as { url?: unknown } | undefined;
  const urls = [str(data.url), ...(Array.isArray(related?.url) ? related.url.map(str) : [])];
  return [...new Set(urls.filter((u): u is string => u !== undefined && /^https?:\/\//.test(u)))].map(
    (url) => ({
      url,
    }),
  );
}

function prefixed(prefix: string, value: unknown): string | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  return text.toUpperCase().startsWith(prefix) ? text : `${prefix}${text}`;
}

function dateOf(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  const text = str(value);
  return text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text) ? text : undefined;
}

function str(value: unknown): string | undefined {
  if (typeof value === "number") return String(value);
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  return text === "" ? undefined : text;
}
