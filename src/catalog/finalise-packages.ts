import type { Distro, OwnerRef, Package } from "../model/index.js";
import { stablePackageId } from "../model/index.js";
import type { Cataloger, PackageDraft } from "./cataloger.js";

const osTypes = new Set(["deb", "rpm", "apk"]);

export interface FinaliseContext {
  distro: Distro | undefined;
  purl(draft: PackageDraft, distro: Distro | undefined): string;
  distroKey(distro: Distro): string;
  /** Resolves a path through symlinks inside the image (undefined when it does not resolve). */
  realpath(path: string): string | undefined;
}

/**
 * Turns cataloger drafts into SBOM packages: links language packages to the OS package that
 * owns their files, builds purls and stable ids, merges the same package found twice at the
 * same place, and drops working data (owned file lists) that does not belong in the SBOM.
 */
export function finalisePackages(
  found: { cataloger: Cataloger; drafts: PackageDraft[] }[],
  ctx: FinaliseContext,
): Package[] {
  const realpath = memoise(ctx.realpath);
  const osDrafts = found.flatMap((f) => f.drafts.filter((d) => osTypes.has(d.type)));
  const owners = osDrafts.some((d) => d.ownedFiles?.length)
    ? indexOwnedFiles(osDrafts, ownershipQueries(found, realpath))
    : new Map<string, OwnerRef>();
  const distroKey = ctx.distro ? ctx.distro && ctx.distroKey(ctx.distro) : undefined;
  const byId = new Map<string, Package>();
  // Installed packages first, so a lockfile entry for the same package joins them (below).
  const ordered = [...found].sort(
    (a, b) => Number(a.cataloger.directoryOnly ?? false) - Number(b.cataloger.directoryOnly ?? false),
  );
  const installed = new Map<string, Package>();
  for (const { cataloger, drafts } of ordered) {
    for (const draft of drafts) {
      const { ownedFiles: _owned, purlHints: _hints, ...rest } = draft;
      const pkg: Package = { ...rest, id: "", purl: ctx.purl(draft, ctx.distro) };
      dropWorkingMetadata(pkg);
      const identity = `${pkg.type}\0${pkg.name}\0${pkg.version}`;
      // A lockfile (dir: targets only) lists what node_modules/site-packages already hold:
      // the same package, one more place it is declared, not a second package.
      const twin = cataloger.directoryOnly ? installed.get(identity) : undefined;
      if (twin) {
        mergeInto(twin, pkg);
        continue;
      }
      if (osTypes.has(draft.type) && distroKey) pkg.distro = distroKey;
      if (!osTypes.has(draft.type) && !pkg.ownedBy) {
        const owner = ownerOf(draft, owners, realpath);
        if (owner) pkg.ownedBy = owner;
      }
      pkg.id = stablePackageId(pkg);
      const existing = byId.get(pkg.id);
      if (existing) mergeInto(existing, pkg);
      else byId.set(pkg.id, pkg);
      if (!cataloger.directoryOnly && !installed.has(identity)) installed.set(identity, existing ?? pkg);
    }
  }
  return [...byId.values()].sort(comparePackages);
}

/**
 * Per-package file lists (Python RECORD) serve ownership joins during cataloguing; in the SBOM
 * they would multiply its size, so only their count is kept.
 */
function dropWorkingMetadata(pkg: Package): void {
  const files = pkg.metadata?.files;
  if (Array.isArray(files)) {
    const { files: _files, ...rest } = pkg.metadata!;
    pkg.metadata = { ...rest, fileCount: files.length };
  }
}

/**
 * Every path {@link ownerOf} may look up: the locations of the packages that may be owned,
 * resolved, and their metadata directories. OS packages list tens of thousands of files; only
 * these few need indexing.
 */
function ownershipQueries(
  found: { drafts: PackageDraft[] }[],
  realpath: (path: string) => string | undefined,
): Set<string> {
  const queries = new Set<string>();
  for (const { drafts } of found) {
    for (const d of drafts) {
      if (osTypes.has(d.type) || d.ownedBy) continue;
      for (const loc of d.locations) {
        queries.add(loc.path);
        const real = realpath(loc.path);
        if (real) queries.add(real);
        queries.add(loc.path.slice(0, loc.path.lastIndexOf("/")));
      }
    }
  }
  return queries;
}

/** The OS package owning each queried path: the first to list it. */
function indexOwnedFiles(osDrafts: PackageDraft[], queries: Set<string>): Map<string, OwnerRef> {
  const owners = new Map<string, OwnerRef>();
  if (queries.size === 0) return owners;
  for (const d of osDrafts) {
    let ref: OwnerRef | undefined;
    for (const f of d.ownedFiles ?? []) {
      if (!queries.has(f) || owners.has(f)) continue;
      ref ??= { type: d.type as OwnerRef["type"], name: d.name, version: d.version };
      owners.set(f, ref);
    }
  }
  return owners;
}

/** A one-argument function with its results remembered (the view's lookups are pure). */
function memoise<R>(fn: (arg: string) => R): (arg: string) => R {
  const seen = new Map<string, R>();
  return (arg) => {
    if (seen.has(arg)) return seen.get(arg)!;
    const result = fn(arg);
    seen.set(arg, result);
    return result;
  };
}

/**
 * A language package is owned when one of its files (its metadata file, or the archive it
 * was read from) is listed by an OS package, directly or after resolving symlinks (merged
 * /usr: dpkg may list /lib/... while the image holds /usr/lib/...).
 */
function ownerOf(
  draft: PackageDraft,
  owners: Map<string, OwnerRef>,
  realpath: (path: string) => string | undefined,
): OwnerRef | undefined {
  if (owners.size === 0) return undefined;
  for (const loc of draft.locations) {
    const direct = owners.get(loc.path);
    if (direct) return direct;
    const real = realpath(loc.path);
    if (real && owners.get(real)) return owners.get(real);
    // dpkg lists the egg-info/dist-info directory's files; a package found through its
    // metadata file is owned when its metadata directory is.
    const dir = loc.path.slice(0, loc.path.lastIndexOf("/"));
    const byDir = owners.get(dir);
    if (byDir && /\.(dist|egg)-info$/.test(dir)) return byDir;
  }
  return undefined;
}

function mergeInto(into: Package, other: Package): void {
  for (const loc of other.locations) {
    if (!into.locations.some((l) => l.path === loc.path && l.layer === loc.layer)) into.locations.push(loc);
  }
  for (const l of other.licenses) if (!into.licenses.includes(l)) into.licenses.push(l);
}

function comparePackages(a: Package, b: Package): number {
  return (
    cmp(a.type, b.type) ||
    cmp(a.name, b.name) ||
    cmp(a.version, b.version) ||
    cmp(a.locations[0]?.path ?? "", b.locations[0]?.path ?? "")
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
