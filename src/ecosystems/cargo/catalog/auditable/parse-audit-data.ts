/**
 * One crate of a cargo-auditable dependency list (format `.dep-v0`, as the `auditable-serde`
 * crate defines it: `{"packages": [{name, version, source, kind?, dependencies?, root?}]}`).
 */
export interface AuditableCrate {
  name: string;
  version: string;
  /** `crates.io`, `local`, `git`, `registry` or `other`. */
  source: string;
  /** `runtime` (the default) or `build` (build scripts and proc-macros only). */
  kind: "runtime" | "build";
  /** `name@version` of the crates it depends on. */
  dependencies: string[];
  root: boolean;
}

/** Real crates have a few dozen direct dependencies; the cap bounds hostile lists. */
const maxDependencies = 1000;

/**
 * Validates the decoded JSON of a `.dep-v0` section. Entries that lack a string name or
 * version are dropped and counted in `skipped`; anything that is not a package list at all
 * gives an error string.
 */
export function parseAuditData(
  json: unknown,
): { crates: AuditableCrate[]; skipped: number } | { error: string } {
  if (
    typeof json !== "object" ||
    json === null ||
    !Array.isArray((json as { packages?: unknown }).packages)
  ) {
    return { error: "no packages array" };
  }
  const list = (json as { packages: unknown[] }).packages;
  type Valid = Record<string, unknown> & { name: string; version: string };
  const valid = list.map((entry): Valid | undefined => {
    if (typeof entry !== "object" || entry === null) return undefined;
    const e = entry as Record<string, unknown>;
    if (typeof e.name !== "string" || typeof e.version !== "string" || e.name === "" || e.version === "") {
      return undefined;
    }
    return e as Valid;
  });
  const crates: AuditableCrate[] = [];
  for (const e of valid) {
    if (e === undefined) continue;
    const deps: unknown[] = Array.isArray(e.dependencies) ? e.dependencies : [];
    crates.push({
      name: e.name,
      version: e.version,
      source: typeof e.source === "string" ? e.source : "crates.io",
      kind: e.kind === "build" ? "build" : "runtime",
      dependencies: [
        ...new Set(
          deps.slice(0, maxDependencies).flatMap((d): string[] => {
            const dep = typeof d === "number" ? valid[d] : undefined;
            return dep === undefined ? [] : [`${dep.name}@${dep.version}`];
          }),
        ),
      ],
      root: e.root === true,
    });
  }
  return { crates, skipped: list.length - crates.length };
}
