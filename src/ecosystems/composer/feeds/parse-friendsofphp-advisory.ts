import { parse } from "yaml";
import type { Advisory, AffectedPackage, VersionRange } from "../../../model/advisory.js";

/** `<vendor>/<package>/<name>.yaml`, under an optional archive top folder. */
export const friendsOfPhpEntry = /^(?:[^/]+\/)?([^/.][^/]*)\/([^/]+)\/([^/]+)\.ya?ml$/;

const constraint = /^\s*(>=|<=|>|<|==|=)?\s*v?([0-9][^\s,]*)\s*$/;

/**
 * Reads one FriendsOfPHP security-advisories file:
 *
 * ```yaml
 * title: ...
 * link: https://...
 * cve: CVE-2016-4855        # or ~
 * reference: composer://adodb/adodb-php
 * branches:
 *   1.3.x: { time: ..., versions: ['>=1.3.0', '<1.3.1'] }
 * composer-repository: false   # the package is not on Packagist
 * ```
 *
 * Each branch's `versions` is a conjunction and the branches are alternatives, so each
 * branch becomes one composer range (`>=a` → introduced, `<b` → fixed, `<=b` →
 * lastAffected). A branch with an exclusive lower bound (`>1.0`) or several bounds on one
 * side cannot be written as events: then the branch constraints are kept as requirement
 * strings (`requirements.affected`, one `">1.0,<1.2"` per branch) instead of ranges.
 * The id is the CVE when there is one, else the file's path (`vendor/package/2018-10-02`).
 *
 * @throws Error with a one-line reason when the file is not a usable advisory.
 */
export function parseFriendsOfPhpAdvisory(entryName: string, text: string, provider: string): Advisory {
  const path = entryName.match(friendsOfPhpEntry);
  if (!path?.[1] || !path[2] || !path[3]) throw new Error("not a <vendor>/<package>/<name>.yaml path");
  const doc: unknown = parse(text);
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new Error("not a YAML mapping");
  const data = doc as Record<string, unknown>;
  const reference = typeof data.reference === "string" ? data.reference.trim() : "";
  const name = reference.match(/^composer:\/\/([^/\s]+\/[^/\s]+)$/)?.[1]?.toLowerCase();
  if (name === undefined) throw new Error(`reference "${reference}" is not composer://vendor/package`);
  const branches = readBranches(data.branches);
  const cve =
    typeof data.cve === "string" && /^CVE-\d{4}-\d+$/.test(data.cve.trim()) ? data.cve.trim() : undefined;
  const id = cve ?? `${path[1]}/${path[2]}/${path[3]}`;
  const advisory: Advisory = {
    id,
    aliases: [],
    provider,
    severities: [],
    references:
      typeof data.link === "string" && /^https?:\/\//.test(data.link.trim())
        ? [{ url: data.link.trim() }]
        : [],
    affected: [affectedPackage(name, branches, data["composer-repository"] === false)],
  };
  if (typeof data.title === "string" && data.title.trim() !== "") advisory.summary = data.title.trim();
  const published = earliestTime(branches);
  if (published) advisory.published = published;
  return advisory;
}

interface Branch {
  name: string;
  versions: string[];
  time?: string;
}

function readBranches(value: unknown): Branch[] {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new Error("branches is not a mapping");
  const out: Branch[] = [];
  for (const [name, branch] of Object.entries(value)) {
    const versions = (branch as { versions?: unknown } | null)?.versions;
    if (!Array.isArray(versions) || versions.length === 0)
      throw new Error(`branch ${name} has no versions list`);
    const time = (branch as { time?: unknown }).time;
    const entry: Branch = { name, versions: versions.map((v) => String(v).trim()) };
    if (typeof time === "string" || time instanceof Date) entry.time = toDate(time);
    out.push(entry);
  }
  if (out.length === 0) throw new Error("branches is empty");
  return out;
}

function affectedPackage(name: string, branches: Branch[], offPackagist: boolean): AffectedPackage {
  const ranges = branches.map((b) => branchRange(b.versions));
  const exact = ranges.every((r): r is VersionRange => r !== undefined);
  const fixes = exact ? [...new Set(ranges.flatMap((r) => (r.fixed ? [r.fixed] : [])))] : [];
  const entry: AffectedPackage = {
    ecosystem: "composer",
    name,
    status: "affected",
    ranges: exact ? ranges : [],
    fix: { state: fixes.length > 0 ? "fixed" : exact ? "not-fixed" : "unknown", versions: fixes },
  };
  if (!exact)
    entry.requirements = { scheme: "composer", affected: branches.map((b) => b.versions.join(",")) };
  if (offPackagist) entry.note = "not distributed through Packagist (composer-repository: false)";
  return entry;
}

/** One branch's conjunction as a range, or undefined when events cannot say it. */
function branchRange(versions: string[]): VersionRange | undefined {
  const range: VersionRange = { scheme: "composer", introduced: "0" };
  let lower = false;
  let upper = false;
  for (const text of versions) {
    const match = text.match(constraint);
    const operator = match?.[1] ?? "=";
    const version = match?.[2];
    if (version === undefined) return undefined;
    if (operator === ">=" && !lower) {
      range.introduced = version;
      lower = true;
    } else if (operator === "<" && !upper) {
      range.fixed = version;
      upper = true;
    } else if (operator === "<=" && !upper) {
      range.lastAffected = version;
      upper = true;
    } else if ((operator === "=" || operator === "==") && !lower && !upper) {
      range.introduced = version;
      range.lastAffected = version;
      lower = upper = true;
    } else {
      return undefined;
    }
  }
  return range;
}

function earliestTime(branches: Branch[]): string | undefined {
  return branches
    .map((b) => b.time)
    .filter((t): t is string => t !== undefined)
    .sort()[0];
}

function toDate(value: string | Date): string | undefined {
  const time =
    value instanceof Date
      ? value.getTime()
      : Date.parse(value.replace(" ", "T") + (value.length === 19 ? "Z" : ""));
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}
