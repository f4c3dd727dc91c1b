/**
 * The independent side of the "exactly what the feeds say" checks: which raw OSV records
 * and secdb entries affect a package version, computed straight from the feed JSON with the
 * OSV specification's own evaluation algorithm (sort every event by version, walk them,
 * introduced switches "affected" on, fixed / last_affected switch it off), sharing nothing
 * with src/match but the version comparators.
 */
import { readFile } from "node:fs/promises";
import { compareVersions, parseVersion } from "../../src/versioning/index.js";

type Json = Record<string, unknown>;

export interface ExpectedRecord {
  id: string;
  aliases: string[];
}

/** OSV ecosystem name (as the feed writes it) → drydock package type and version scheme. */
export const osvEcosystems = {
  PyPI: { type: "pypi", scheme: "pep440" },
  Go: { type: "golang", scheme: "golang" },
  npm: { type: "npm", scheme: "semver" },
  Maven: { type: "maven", scheme: "maven" },
} as const;

/** PEP 503 for PyPI, lower case for npm, as the registries treat names; others exact. */
export function feedName(type: string, name: string): string {
  if (type === "pypi") return name.toLowerCase().replace(/[-_.]+/g, "-");
  if (type === "npm") return name.toLowerCase();
  return name;
}

/** The OSV specification's range evaluation for one ECOSYSTEM/SEMVER range. */
export function osvRangeAffects(events: Json[], version: string, scheme: string): boolean {
  const cmp = (a: string, b: string) => compareVersions(scheme, a, b);
  const key = (e: Json) => (e.introduced ?? e.fixed ?? e.last_affected ?? e.limit) as string;
  const sorted = [...events].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka === "0") return kb === "0" ? 0 : -1;
    if (kb === "0") return 1;
    return cmp(ka, kb);
  });
  let affected = false;
  for (const e of sorted) {
    if (typeof e.introduced === "string" && (e.introduced === "0" || cmp(version, e.introduced) >= 0))
      affected = true;
    else if (typeof e.fixed === "string" && cmp(version, e.fixed) >= 0) affected = false;
    else if (typeof e.last_affected === "string" && cmp(version, e.last_affected) > 0) affected = false;
  }
  return affected;
}

/**
 * Whether a raw OSV record says `name@version` (of `type`) is affected: any affected entry
 * of the ecosystem and name whose explicit `versions` list it or one of whose version ranges
 * contains it. Withdrawn records affect nothing. Undefined when the version cannot be read
 * in the scheme (then no feed statement applies).
 */
export function osvRecordAffects(
  doc: Json,
  osvEcosystem: keyof typeof osvEcosystems,
  name: string,
  version: string,
): boolean | undefined {
  const { type, scheme } = osvEcosystems[osvEcosystem];
  if (!parseVersion(scheme, version).ok) return undefined;
  if (typeof doc.withdrawn === "string" && doc.withdrawn !== "") return false;
  for (const a of (doc.affected as Json[] | undefined) ?? []) {
    const pkg = a.package as Json | undefined;
    if (!pkg || pkg.ecosystem !== osvEcosystem || typeof pkg.name !== "string") continue;
    if (feedName(type, pkg.name) !== feedName(type, name)) continue;
    const versions = (a.versions as string[] | undefined) ?? [];
    if (versions.some((v) => v === version || compareVersions(scheme, v, version) === 0)) return true;
    for (const r of (a.ranges as Json[] | undefined) ?? []) {
      if (r.type !== "ECOSYSTEM" && r.type !== "SEMVER") continue;
      if (osvRangeAffects((r.events as Json[]) ?? [], version, scheme)) return true;
    }
  }
  return false;
}

/**
 * secdb semantics: a version key other than `0` is the apk version that fixed the ids
 * listed under it; a package is affected by an id while it is older than a version listed
 * for that id (a re-fix keeps it affected until the later one). Ids are the CVEs of each
 * secfix line, or its first token when it names none.
 */
export async function secdbAffecting(files: string[], origin: string, version: string): Promise<Set<string>> {
  const fixes = new Map<string, string[]>();
  for (const file of files) {
    const doc = JSON.parse(await readFile(file, "utf8")) as {
      packages: { pkg: { name: string; secfixes?: Record<string, string[]> } }[];
    };
    for (const { pkg } of doc.packages) {
      if (pkg.name !== origin) continue;
      for (const [fixed, lines] of Object.entries(pkg.secfixes ?? {})) {
        if (fixed === "0") continue;
        for (const line of lines ?? []) {
          const ids = line.match(/CVE-\d{4}-\d{4,}/g) ?? [line.trim().split(/\s+/)[0] ?? ""];
          for (const id of ids.filter(Boolean)) fixes.set(id, [...(fixes.get(id) ?? []), fixed]);
        }
      }
    }
  }
  const out = new Set<string>();
  for (const [id, versions] of fixes) {
    if (versions.some((f) => compareVersions("apk", version, f) < 0)) out.add(id);
  }
  return out;
}

/** Groups records that share an id or alias: each group is one vulnerability. */
export function aliasGroups(records: ExpectedRecord[]): ExpectedRecord[][] {
  const groups: { ids: Set<string>; records: ExpectedRecord[] }[] = [];
  for (const r of records) {
    const ids = new Set([r.id, ...r.aliases].map((i) => i.toUpperCase()));
    const touching = groups.filter((g) => [...ids].some((i) => g.ids.has(i)));
    const merged = { ids, records: [r] };
    for (const g of touching) {
      for (const i of g.ids) merged.ids.add(i);
      merged.records.push(...g.records);
      groups.splice(groups.indexOf(g), 1);
    }
    groups.push(merged);
  }
  return groups.map((g) => g.records);
}
