import type { CatalogFile, PackageDraft } from "../../../catalog/cataloger.js";

/** How a lockfile entry relates to the project that locked it. */
export type Relationship = "root" | "workspace" | "direct" | "indirect";

/** One package as a JavaScript lockfile states it, before de-duplication. */
export interface LockEntry {
  name: string;
  version: string;
  dev: boolean;
  relationship?: Relationship;
  /** Non-registry origin: `workspace`, `patch`, `file`, `link`, `git`, `tarball`, `directory`... */
  protocol?: string;
  resolved?: string;
  integrity?: string;
}

const rank: Record<Relationship, number> = { root: 0, workspace: 1, direct: 2, indirect: 3 };

/**
 * Turns a lockfile's entries into drafts, one per (name, version): an entry locked at
 * several places in the tree is one package, `dev` only when every occurrence is dev, with
 * the closest relationship any occurrence has.
 */
export function buildLockDrafts(
  entries: Iterable<LockEntry>,
  file: CatalogFile,
  foundBy: string,
): PackageDraft[] {
  const merged = new Map<string, LockEntry>();
  for (const entry of entries) {
    const key = `${entry.name}@${entry.version}`;
    const seen = merged.get(key);
    if (seen === undefined) {
      merged.set(key, { ...entry });
      continue;
    }
    seen.dev &&= entry.dev;
    if (entry.relationship && (!seen.relationship || rank[entry.relationship] < rank[seen.relationship])) {
      seen.relationship = entry.relationship;
    }
    seen.resolved ??= entry.resolved;
    seen.integrity ??= entry.integrity;
    if (seen.protocol !== undefined && entry.protocol === undefined) delete seen.protocol;
  }
  return [...merged.values()].map((entry) => {
    const metadata: Record<string, unknown> = {};
    if (entry.relationship) metadata.relationship = entry.relationship;
    if (entry.dev) metadata.dev = true;
    if (entry.protocol) metadata.protocol = entry.protocol;
    if (entry.resolved) metadata.resolved = entry.resolved;
    if (entry.integrity) metadata.integrity = entry.integrity;
    return {
      name: entry.name,
      version: entry.version,
      type: "npm",
      locations: [{ path: file.path, layer: file.layer }],
      foundBy,
      licenses: [],
      metadata,
    };
  });
}

/** The package name a registry tarball URL names (`…/@scope/name/-/name-1.0.0.tgz`), if it is one. */
export function readTarballName(url: string): string | undefined {
  const match = /^https?:\/\/[^/]+\/(.+)\/-\/[^/]+\.tgz(?:[#?].*)?$/.exec(url);
  if (!match?.[1]) return undefined;
  const segments = match[1].replace(/%2[fF]/g, "/").split("/");
  const last = segments.at(-1);
  const scope = segments.at(-2);
  if (!last || last.startsWith("@")) return undefined;
  return scope?.startsWith("@") ? `${scope}/${last}` : last;
}

/** A lockfile sitting inside an installed package (shipped in its tarball) is not the project's. */
export function isVendoredLockfile(path: string): boolean {
  return path.includes("/node_modules/");
}
