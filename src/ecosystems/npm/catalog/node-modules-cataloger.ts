import picomatch from "picomatch";
import type {
  AssembleContext,
  Cataloger,
  CatalogFile,
  FileParseResult,
  PackageDraft,
  ParsedFile,
} from "../../../catalog/cataloger.js";
import { readJsonFile } from "../../../catalog/parse/read-json.js";
import { type Diagnostic, diagnostic } from "../../../model/index.js";
import { type PackageManifest, readPackageManifest } from "./package-manifest.js";

const name = "node-modules-cataloger";

/** What a package.json outside any node_modules folder leaves for assembly. */
interface NodeModulesFacts {
  project?: PackageManifest;
}

/** `…/node_modules/<name>/package.json` or `…/node_modules/@scope/<name>/package.json`, at any depth. */
const installedManifest = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/;

/** Lockfiles whose presence beside a package.json makes it a project root even without node_modules. */
const lockfileNames = ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml"];

/**
 * Installed npm packages: every package.json directly at `node_modules/<name>/` or
 * `node_modules/@scope/<name>/` (nested node_modules included; package.json files deeper
 * inside a package, such as test fixtures, are not packages). A package.json outside any
 * node_modules folder is a project: reported as the `root` when a node_modules folder or a
 * lockfile sits beside it, with its `workspaces` members as `workspace` packages. Top-level
 * installed packages the root names get `relationship: "direct"` (and `dev` when named only
 * in devDependencies); the others `indirect`. Runs on images and folders alike.
 */
export const nodeModulesCataloger: Cataloger<NodeModulesFacts> = {
  name,
  version: "1",
  ecosystem: "npm",
  selects: { basenames: ["package.json"], maxSize: 10 * 1024 * 1024 },
  parse: parseManifestFile,
  assemble: assembleNodeModules,
};

function parseManifestFile(file: CatalogFile): FileParseResult<NodeModulesFacts> {
  const installed = installedManifest.exec(file.path);
  const inNodeModules = file.path.includes("/node_modules/");
  if (inNodeModules && (installed === null || !isPackageDirName(installed[1] ?? ""))) {
    return { packages: [], diagnostics: [] };
  }
  const read = readJsonFile(file, name);
  if (!read.ok) {
    // A broken manifest of an installed package matters; a stray one elsewhere is noise.
    return { packages: [], diagnostics: installed ? [read.diagnostic] : [] };
  }
  const manifest = readPackageManifest(read.value);
  if (installed === null)
    return { packages: [], diagnostics: read.diagnostics, facts: { project: manifest } };

  const pkgName = manifest.name ?? installed[1] ?? "";
  if (manifest.version === undefined) {
    const problem = diagnostic("missing-field", `${file.path}: package.json has no version`, {
      file: file.path,
      layer: file.layer,
      source: name,
      level: "info",
    });
    return { packages: [], diagnostics: [...read.diagnostics, problem] };
  }
  const draft: PackageDraft = {
    name: pkgName,
    version: manifest.version,
    type: "npm",
    locations: [{ path: file.path, layer: file.layer }],
    foundBy: name,
    licenses: manifest.licenses,
  };
  if (manifest.private) draft.metadata = { private: true };
  return { packages: [draft], diagnostics: read.diagnostics };
}

/** A folder name that can hold a package (`.bin`, `.pnpm`, `.cache` and a bare `@scope` cannot). */
function isPackageDirName(dir: string): boolean {
  if (dir.startsWith(".")) return false;
  return !dir.startsWith("@") || dir.includes("/");
}

function assembleNodeModules(
  files: ParsedFile<NodeModulesFacts>[],
  ctx: AssembleContext,
): { packages: PackageDraft[]; diagnostics: Diagnostic[] } {
  const installed = files.flatMap((file) => file.packages);
  const projects = files.flatMap((file) =>
    file.facts?.project ? [{ dir: getParentDir(file.path), file, manifest: file.facts.project }] : [],
  );
  const installedDirs = new Set(installed.map((pkg) => findProjectDir(pkg.locations[0]?.path ?? "")));
  const roots = projects.filter(
    (p) => installedDirs.has(p.dir) || lockfileNames.some((lock) => ctx.exists(joinPath(p.dir, lock))),
  );

  const packages: PackageDraft[] = [];
  for (const root of roots) {
    const { manifest, file } = root;
    if (manifest.name !== undefined && manifest.version !== undefined) {
      packages.push(buildProjectDraft(manifest, file, "root"));
    }
    const isMember = matchWorkspaces(root.dir, manifest.workspaces);
    for (const member of projects) {
      if (member === root || !isMember(member.dir)) continue;
      const m = member.manifest;
      if (m.name !== undefined && m.version !== undefined)
        packages.push(buildProjectDraft(m, member.file, "workspace"));
    }
  }
  const rootByDir = new Map(roots.map((r) => [r.dir, r.manifest]));
  for (const pkg of installed) packages.push(addRelationship(pkg, rootByDir));
  return { packages, diagnostics: [] };
}

function buildProjectDraft(
  manifest: PackageManifest,
  file: ParsedFile<NodeModulesFacts>,
  relationship: "root" | "workspace",
): PackageDraft {
  const metadata: Record<string, unknown> = { relationship };
  if (manifest.private) metadata.private = true;
  return {
    name: manifest.name ?? "",
    version: manifest.version ?? "",
    type: "npm",
    locations: [{ path: file.path, layer: file.layer }],
    foundBy: name,
    licenses: manifest.licenses,
    metadata,
  };
}

/** Marks a top-level installed package `direct` (and `dev`) when its project's manifest names it. */
function addRelationship(pkg: PackageDraft, rootByDir: Map<string, PackageManifest>): PackageDraft {
  const path = pkg.locations[0]?.path ?? "";
  const root = rootByDir.get(findProjectDir(path));
  if (root === undefined) return pkg;
  const dirName = installedManifest.exec(path)?.[1] ?? pkg.name;
  const topLevel = path === joinPath(findProjectDir(path), `node_modules/${dirName}/package.json`);
  const prod = root.dependencies.includes(dirName);
  const dev = root.devDependencies.includes(dirName);
  const direct = topLevel && (prod || dev);
  const metadata: Record<string, unknown> = { ...pkg.metadata, relationship: direct ? "direct" : "indirect" };
  if (direct && dev && !prod) metadata.dev = true;
  return { ...pkg, metadata };
}

/** The folder holding the outermost node_modules of an installed manifest path (`/app` for `/app/node_modules/a/node_modules/b/package.json`). */
function findProjectDir(path: string): string {
  const at = path.indexOf("/node_modules/");
  return at < 0 ? getParentDir(path) : path.slice(0, at) || "/";
}

function matchWorkspaces(rootDir: string, globs: string[]): (dir: string) => boolean {
  if (globs.length === 0) return () => false;
  const patterns = globs.map((g) => joinPath(rootDir, g.replace(/^\.\//, "").replace(/\/+$/, "")));
  const match = picomatch(patterns, { dot: false });
  return (dir) => !dir.includes("/node_modules/") && match(dir);
}

function getParentDir(path: string): string {
  const at = path.lastIndexOf("/");
  return at <= 0 ? "/" : path.slice(0, at);
}

function joinPath(dir: string, rel: string): string {
  return dir === "/" ? `/${rel}` : `${dir}/${rel}`;
}
