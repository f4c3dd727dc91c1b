import type { Cataloger, CatalogFile, FileParseResult } from "../../../catalog/cataloger.js";
import { fileDiagnostic } from "../../../catalog/parse/file-diagnostic.js";
import { asRecord, asText, readJsonFile } from "../../../catalog/parse/read-json.js";
import type { Diagnostic } from "../../../model/index.js";
import { buildLockDrafts, isVendoredLockfile, type LockEntry } from "./lock-drafts.js";

const name = "package-lock-cataloger";

/** Deepest `dependencies` nesting of a v1 lockfile that is walked (npm trees are rarely deeper than 30). */
const maxV1Depth = 256;

/**
 * npm lockfiles (`package-lock.json`, `npm-shrinkwrap.json`), lockfileVersion 1, 2 and 3.
 * v2/v3 are read from `packages` (keyed by install path), v1 from the nested `dependencies`
 * tree. The project itself is reported with `relationship: "root"`, workspace folders as
 * `workspace`; dev-only packages carry `metadata.dev`. `dir:` targets only: in an image the
 * installed node_modules are the truth (a lockfile may list what a later layer deleted).
 */
export const packageLockCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "npm",
  directoryOnly: true,
  selects: { basenames: ["package-lock.json", "npm-shrinkwrap.json"], maxSize: 64 * 1024 * 1024 },
  parse: parsePackageLock,
};

function parsePackageLock(file: CatalogFile): FileParseResult {
  if (isVendoredLockfile(file.path)) return { packages: [], diagnostics: [] };
  const read = readJsonFile(file, name);
  if (!read.ok) return { packages: [], diagnostics: [read.diagnostic] };
  const diagnostics = [...read.diagnostics];
  const lock = asRecord(read.value);
  if (lock === undefined) {
    diagnostics.push(fileDiagnostic(name, file, "parse-error", "not a JSON object"));
    return { packages: [], diagnostics };
  }
  const lockVersion = typeof lock.lockfileVersion === "number" ? lock.lockfileVersion : 1;
  const packagesSection = asRecord(lock.packages);
  let entries: LockEntry[];
  if (lockVersion >= 2 && packagesSection !== undefined) {
    entries = readPackagesSection(packagesSection);
  } else if (lockVersion <= 1 || asRecord(lock.dependencies) !== undefined) {
    entries = readDependencyTree(lock, file, diagnostics);
  } else {
    diagnostics.push(
      fileDiagnostic(name, file, "unsupported-version", `lockfileVersion ${lockVersion} without packages`),
    );
    return { packages: [], diagnostics };
  }
  if (lockVersion > 3) {
    diagnostics.push(
      fileDiagnostic(name, file, "unsupported-version", `lockfileVersion ${lockVersion} read as v3`, "info"),
    );
  }
  return { packages: buildLockDrafts(entries, file, name), diagnostics };
}

/** v2/v3: `packages` maps install paths (`node_modules/a/node_modules/b`, `packages/x`, `""`) to entries. */
function readPackagesSection(packages: Record<string, unknown>): LockEntry[] {
  const rootEntry = asRecord(packages[""]) ?? {};
  const directNames = new Set([
    ...Object.keys(asRecord(rootEntry.dependencies) ?? {}),
    ...Object.keys(asRecord(rootEntry.devDependencies) ?? {}),
    ...Object.keys(asRecord(rootEntry.optionalDependencies) ?? {}),
    ...Object.keys(asRecord(rootEntry.peerDependencies) ?? {}),
  ]);
  const entries: LockEntry[] = [];
  const workspaceDirs = Object.keys(packages).filter((p) => p !== "" && readInstallName(p) === undefined);
  for (const [path, value] of Object.entries(packages)) {
    const entry = asRecord(value);
    if (entry === undefined || entry.link === true) continue;
    const version = asText(entry.version);
    const installName = readInstallName(path);
    if (path === "") {
      const rootName = asText(entry.name);
      if (rootName && version) entries.push({ name: rootName, version, dev: false, relationship: "root" });
      continue;
    }
    if (installName === undefined) {
      // A folder of the project itself: a workspace member.
      const memberName = asText(entry.name);
      if (memberName && version)
        entries.push({ name: memberName, version, dev: false, relationship: "workspace" });
      continue;
    }
    if (version === undefined) continue;
    const { name: realName, version: realVersion } = resolveAlias(asText(entry.name) ?? installName, version);
    const topLevel = path === `node_modules/${installName}`;
    const inWorkspace = workspaceDirs.some((dir) => path === `${dir}/node_modules/${installName}`);
    entries.push({
      name: realName,
      version: realVersion,
      dev: entry.dev === true,
      relationship: (topLevel && directNames.has(installName)) || inWorkspace ? "direct" : "indirect",
      ...pickText("resolved", entry.resolved),
      ...pickText("integrity", entry.integrity),
    });
  }
  return entries;
}

/** v1: the nested `dependencies` tree, walked iteratively with a depth bound. */
function readDependencyTree(
  lock: Record<string, unknown>,
  file: CatalogFile,
  diagnostics: Diagnostic[],
): LockEntry[] {
  const entries: LockEntry[] = [];
  const rootName = asText(lock.name);
  const rootVersion = asText(lock.version);
  if (rootName && rootVersion)
    entries.push({ name: rootName, version: rootVersion, dev: false, relationship: "root" });
  const stack: { deps: Record<string, unknown>; depth: number }[] = [];
  const top = asRecord(lock.dependencies);
  if (top) stack.push({ deps: top, depth: 0 });
  let tooDeep = false;
  let unresolved = 0;
  while (stack.length > 0) {
    const { deps, depth } = stack.pop()!;
    for (const [installName, value] of Object.entries(deps)) {
      const dep = asRecord(value);
      if (dep === undefined) continue;
      const nested = asRecord(dep.dependencies);
      if (nested) {
        if (depth + 1 < maxV1Depth) stack.push({ deps: nested, depth: depth + 1 });
        else tooDeep = true;
      }
      const rawVersion = asText(dep.version);
      if (rawVersion === undefined) continue;
      const located = locateV1Version(installName, rawVersion);
      if (located === undefined) {
        unresolved++;
        continue;
      }
      entries.push({
        ...located,
        dev: dep.dev === true,
        ...pickText("resolved", dep.resolved),
        ...pickText("integrity", dep.integrity),
      });
    }
  }
  if (tooDeep) {
    diagnostics.push(
      fileDiagnostic(
        name,
        file,
        "limit-exceeded",
        `dependencies nested deeper than ${maxV1Depth} were not read`,
      ),
    );
  }
  if (unresolved > 0) {
    diagnostics.push(
      fileDiagnostic(
        name,
        file,
        "unresolved-version",
        `${unresolved} git/file dependencies have no version in a v1 lockfile`,
        "info",
      ),
    );
  }
  return entries;
}

/** A v1 `version` is a version, an `npm:name@version` alias, or a git/file/URL spec (no version). */
function locateV1Version(installName: string, raw: string): { name: string; version: string } | undefined {
  const aliased = resolveAlias(installName, raw);
  if (aliased.version !== raw) return aliased;
  return /^v?[0-9]/.test(raw) ? { name: installName, version: raw } : undefined;
}

/** `npm:real-name@1.2.3` installs `real-name` under another folder name. */
function resolveAlias(installName: string, version: string): { name: string; version: string } {
  if (!version.startsWith("npm:")) return { name: installName, version };
  const spec = version.slice(4);
  const at = spec.lastIndexOf("@");
  return at > 0 ? { name: spec.slice(0, at), version: spec.slice(at + 1) } : { name: installName, version };
}

/** `node_modules/a/node_modules/@s/b` → `@s/b`; a path without node_modules → undefined. */
function readInstallName(path: string): string | undefined {
  const at = path.lastIndexOf("node_modules/");
  if (at < 0 || (at > 0 && path[at - 1] !== "/")) return undefined;
  const rest = path.slice(at + "node_modules/".length);
  return rest === "" ? undefined : rest;
}

function pickText<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  const text = asText(value);
  return text === undefined ? {} : ({ [key]: text } as Record<K, string>);
}
