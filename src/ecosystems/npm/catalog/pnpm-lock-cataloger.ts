import type { Cataloger, CatalogFile, FileParseResult } from "../../../catalog/cataloger.js";
import { fileDiagnostic } from "../../../catalog/parse/file-diagnostic.js";
import { asRecord, asText } from "../../../catalog/parse/read-json.js";
import type { Diagnostic } from "../../../model/index.js";
import { buildLockDrafts, isVendoredLockfile, type LockEntry } from "./lock-drafts.js";
import { parseLockfileYaml } from "./parse-lockfile-yaml.js";

const name = "pnpm-lock-cataloger";

/** Dependency sections of an importer, and whether they count as dev. */
const importerSections = [
  ["dependencies", false],
  ["optionalDependencies", false],
  ["devDependencies", true],
] as const;

/**
 * pnpm lockfiles `pnpm-lock.yaml`, lockfileVersion 5.x, 6.x and 9.x. Packages come from the
 * `packages` section (keys `/name/1.0.0` in v5, `/name@1.0.0(peer)` in v6, `name@1.0.0` in v9;
 * non-registry keys carry the version in a `version` field; local directories have none and
 * are reported with an empty version, as pnpm knows none). Dev: the `dev` field of v5/v6, or
 * in v9 reachability through `snapshots` from importers' devDependencies only. Direct
 * dependencies of any importer are `direct`. `dir:` targets only.
 */
export const pnpmLockCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "npm",
  directoryOnly: true,
  selects: { basenames: ["pnpm-lock.yaml"], maxSize: 64 * 1024 * 1024 },
  parse: parsePnpmLock,
};

interface PnpmPackage {
  key: string;
  entry: LockEntry;
}

function parsePnpmLock(file: CatalogFile): FileParseResult {
  if (isVendoredLockfile(file.path)) return { packages: [], diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  let doc: unknown;
  try {
    // pnpm writes a second document after an env document when config dependencies are used.
    doc = parseLockfileYaml(file.bytes.toString("utf8")).at(-1);
  } catch (error) {
    diagnostics.push(
      fileDiagnostic(
        name,
        file,
        "parse-error",
        `not valid YAML: ${(error instanceof Error ? error.message : String(error)).slice(0, 160)}`,
      ),
    );
    return { packages: [], diagnostics };
  }
  const lock = asRecord(doc);
  if (lock === undefined) {
    diagnostics.push(fileDiagnostic(name, file, "parse-error", "not a YAML mapping"));
    return { packages: [], diagnostics };
  }
  const lockVersion = Number.parseFloat(asText(lock.lockfileVersion) ?? "");
  if (!(lockVersion >= 5 && lockVersion < 10)) {
    diagnostics.push(
      fileDiagnostic(
        name,
        file,
        "unsupported-version",
        `lockfileVersion ${String(lock.lockfileVersion)}`,
        "info",
      ),
    );
  }
  const packages = readPackages(asRecord(lock.packages) ?? {}, lockVersion);
  const importers = readImporters(lock);
  markDirect(packages, importers);
  if (lockVersion >= 9) markDevByReachability(packages, importers, asRecord(lock.snapshots) ?? {});
  return {
    packages: buildLockDrafts(
      packages.map((p) => p.entry),
      file,
      name,
    ),
    diagnostics,
  };
}

function readPackages(section: Record<string, unknown>, lockVersion: number): PnpmPackage[] {
  const out: PnpmPackage[] = [];
  for (const [rawKey, value] of Object.entries(section)) {
    const info = asRecord(value) ?? {};
    const key = stripPeerSuffix(rawKey.replace(/^\//, ""));
    const parsed = lockVersion < 6 ? splitV5Key(key) : (splitKey(key) ?? splitV5Key(key));
    if (parsed === undefined) continue;
    const entry: LockEntry = {
      name: asText(info.name) ?? parsed.name,
      version: "",
      dev: info.dev === "true",
    };
    const resolution = asRecord(info.resolution) ?? {};
    if (isVersion(parsed.ref)) {
      entry.version = parsed.ref;
    } else {
      entry.version = asText(info.version) ?? "";
      entry.protocol = detectProtocol(parsed.ref, resolution);
      entry.resolved = parsed.ref;
    }
    const integrity = asText(resolution.integrity);
    if (integrity) entry.integrity = integrity;
    // v5 references drop the `_peer` suffix, so its keys are compared without it too.
    out.push({ key: lockVersion < 6 ? `${parsed.name}/${parsed.ref}` : key, entry });
  }
  return out;
}

/** Importers: v9/v6 `importers` map, or (single project) the top-level dependency sections. */
function readImporters(lock: Record<string, unknown>): Record<string, unknown>[] {
  const importers = asRecord(lock.importers);
  if (importers === undefined) return [lock];
  const out: Record<string, unknown>[] = [];
  for (const value of Object.values(importers)) {
    const importer = asRecord(value);
    if (importer) out.push(importer);
  }
  return out;
}

/**
 * The package keys a dependency reference may point at. A reference is a version
 * (`1.0.0(peer@2.0.0)`), an alias (`real-name@1.0.0`, v6 `/real-name@1.0.0`), a URL or
 * `file:` spec, or `link:` (a workspace folder, not a package).
 */
function referencedKeys(depName: string, ref: unknown): string[] {
  const text = asText(asRecord(ref)?.version) ?? asText(ref);
  if (text === undefined || text.startsWith("link:")) return [];
  const bare = stripPeerSuffix(text.replace(/^\//, ""));
  const versionFirst = /^\d+\.\d+\.\d+/.test(bare); // `1.0.0`, v5 `1.0.0_peer@2.0.0`
  const alias = versionFirst ? undefined : splitKey(bare);
  if (alias && isVersion(alias.ref) && /^(@[^/@]+\/)?[^/@:]+$/.test(alias.name)) return [bare];
  return [`${depName}@${bare}`, `${depName}/${bare.replace(/_.*$/, "")}`];
}

function markDirect(packages: PnpmPackage[], importers: Record<string, unknown>[]): void {
  const byKey = new Map(packages.map((p) => [p.key, p]));
  for (const importer of importers) {
    for (const [section] of importerSections) {
      for (const [dep, ref] of Object.entries(asRecord(importer[section]) ?? {})) {
        for (const key of referencedKeys(dep, ref)) {
          const pkg = byKey.get(key);
          if (pkg) pkg.entry.relationship = "direct";
        }
      }
    }
  }
  for (const p of packages) p.entry.relationship ??= "indirect";
}

/** v9 drops the `dev` field: a package is dev when only importers' devDependencies reach it. */
function markDevByReachability(
  packages: PnpmPackage[],
  importers: Record<string, unknown>[],
  snapshots: Record<string, unknown>,
): void {
  // Snapshot keys carry peer suffixes; edges are compared without them.
  const edges = new Map<string, string[]>();
  for (const [snapKey, value] of Object.entries(snapshots)) {
    const snap = asRecord(value) ?? {};
    const targets = ["dependencies", "optionalDependencies"].flatMap((section) =>
      Object.entries(asRecord(snap[section]) ?? {}).flatMap(([dep, ref]) => referencedKeys(dep, ref)),
    );
    const key = stripPeerSuffix(snapKey);
    edges.set(key, [...(edges.get(key) ?? []), ...targets]);
  }
  const reach = (dev: boolean): Set<string> => {
    const queue = importers.flatMap((importer) =>
      importerSections
        .filter(([, isDev]) => isDev === dev)
        .flatMap(([section]) =>
          Object.entries(asRecord(importer[section]) ?? {}).flatMap(([dep, ref]) => referencedKeys(dep, ref)),
        ),
    );
    const seen = new Set<string>();
    while (queue.length > 0) {
      const key = queue.pop()!;
      if (seen.has(key)) continue;
      seen.add(key);
      for (const next of edges.get(key) ?? []) if (!seen.has(next)) queue.push(next);
    }
    return seen;
  };
  const prod = reach(false);
  const dev = reach(true);
  for (const p of packages) p.entry.dev = dev.has(p.key) && !prod.has(p.key);
}

/** `name@ref` (v6, v9): the separator is the first `@` after the first character. */
function splitKey(key: string): { name: string; ref: string } | undefined {
  const at = key.indexOf("@", 1);
  if (at < 0) return undefined;
  return { name: key.slice(0, at), ref: key.slice(at + 1) };
}

/** v5 `name/1.0.0_peer@1.0.0` or `@scope/name/1.0.0`. */
function splitV5Key(key: string): { name: string; ref: string } | undefined {
  const withoutPeers = key.replace(/_.*$/, "");
  const at = withoutPeers.lastIndexOf("/");
  if (at <= 0) return undefined;
  return { name: withoutPeers.slice(0, at), ref: withoutPeers.slice(at + 1) };
}

/** `debug@4.3.4(supports-color@8.1.1)` → `debug@4.3.4`. */
function stripPeerSuffix(key: string): string {
  const open = key.indexOf("(");
  return open < 0 ? key : key.slice(0, open);
}

function isVersion(ref: string): boolean {
  return /^v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+-]*)?$/.test(ref);
}

function detectProtocol(ref: string, resolution: Record<string, unknown>): string {
  if (ref.startsWith("file:")) return asText(resolution.type) === "directory" ? "directory" : "file";
  if (ref.startsWith("link:")) return "link";
  if (asText(resolution.type) === "git" || /^git[+:]|github:/.test(ref)) return "git";
  return /^https?:/.test(ref) ? "tarball" : "unknown";
}
