import type { PackageDraft } from "../../../catalog/cataloger.js";
import type { FileRef } from "../../../model/index.js";
import { goToolchainToSemver } from "./go-toolchain-version.js";
import type { GoBuildInfo, GoModule } from "./parse-mod-info.js";

/** The version Go records for a main module built from a work tree rather than a module download. */
export const develVersion = "(devel)";

/**
 * Turns one binary's build info into package drafts:
 * - `stdlib` at the toolchain version in semver form (`go1.19.8` → `v1.19.8`, see
 *   {@link goToolchainToSemver}), the raw version kept in `metadata.goVersion`;
 * - the main module (`metadata.mainModule: true`), with its recorded version — usually
 *   `(devel)`, kept as is. A GOPATH-mode build has no `mod` line: the main package's import
 *   path stands in for it, at `(devel)`, marked `metadata.gopathMode`;
 * - every dependency. A replaced module is reported under its replacement's path and version
 *   (that is the code that was compiled in) with the original in `metadata.replaces`. A
 *   directory replacement (`=> ../fork`) has no version: the original path and version are
 *   kept, with `confidence: "low"` and the directory in `metadata.replacedByDirectory`.
 */
export function buildGoPackages(
  goVersion: string,
  info: GoBuildInfo,
  location: FileRef,
  foundBy: string,
): PackageDraft[] {
  const base = (name: string, version: string, metadata: Record<string, unknown>): PackageDraft => ({
    name,
    version,
    type: "golang",
    locations: [location],
    foundBy,
    licenses: [],
    metadata: { goVersion, ...metadata },
  });
  const drafts: PackageDraft[] = [];
  const stdlibVersion = goToolchainToSemver(goVersion);
  drafts.push(base("stdlib", stdlibVersion ?? goVersion, { kind: "stdlib" }));

  const settings = Object.fromEntries(info.settings.map((s) => [s.key, s.value]));
  const main = info.main ?? (info.path ? { path: info.path, version: develVersion } : undefined);
  if (main !== undefined) {
    drafts.push(
      base(main.path, main.version, {
        kind: "main",
        mainModule: true,
        ...(info.path !== undefined && info.path !== main.path ? { mainPackage: info.path } : {}),
        ...(info.main === undefined ? { gopathMode: true } : {}),
        ...(main.sum ? { sum: main.sum } : {}),
        ...(info.settings.length > 0 ? { buildSettings: settings } : {}),
      }),
    );
  }
  for (const dep of info.deps) drafts.push(depDraft(dep, base));
  return drafts;
}

function depDraft(
  dep: GoModule,
  base: (name: string, version: string, metadata: Record<string, unknown>) => PackageDraft,
): PackageDraft {
  const r = dep.replace;
  if (r === undefined)
    return base(dep.path, dep.version, { kind: "dep", ...(dep.sum ? { sum: dep.sum } : {}) });
  if (r.version === "") {
    return {
      ...base(dep.path, dep.version, { kind: "dep", replacedByDirectory: r.path }),
      confidence: "low",
    };
  }
  return base(r.path, r.version, {
    kind: "dep",
    replaces: { path: dep.path, version: dep.version },
    ...(r.sum ? { sum: r.sum } : {}),
  });
}
