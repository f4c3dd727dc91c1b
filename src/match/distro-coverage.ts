import { type Diagnostic, diagnostic, type Package, type Sbom } from "../model/index.js";
import type { MatchQuery } from "./matcher.js";
import { queryKey } from "./query-key.js";

const osTypes = new Set(["deb", "rpm", "apk"]);

/**
 * Never silent zero findings for OS packages: warns when the image's distro is unknown,
 * past its end of life or not known to drydock, and when none of its OS packages met a
 * single advisory of its release (the database has no feed for that release). `answered`
 * holds the keys ({@link queryKey}) of the queries that returned at least one candidate.
 */
export function checkDistroCoverage(
  sbom: Sbom,
  planned: readonly { pkg: Package; query: MatchQuery }[],
  answered: ReadonlySet<string>,
): Diagnostic[] {
  const osPackages = sbom.packages.filter((p) => osTypes.has(p.type));
  if (osPackages.length === 0) return [];
  const out: Diagnostic[] = [];
  const where = { source: "match" };
  const distro = sbom.distro;
  if (!distro) {
    out.push(
      diagnostic(
        "distro-unknown",
        `the image has ${osPackages.length} OS packages but no recognisable OS release (no os-release file): its OS packages were not matched`,
        where,
      ),
    );
    return out;
  }
  const name = distro.prettyName ?? `${distro.id} ${distro.versionId ?? ""}`.trim();
  if (distro.support === "end-of-life") {
    out.push(
      diagnostic(
        "distro-end-of-life",
        `${name} is past its end of life: its vendor no longer publishes fixes, so findings for its OS packages may be incomplete`,
        where,
      ),
    );
  } else if (distro.support === "unknown") {
    out.push(
      diagnostic(
        "distro-unsupported",
        `${name} (${distro.id}) is not a distro drydock knows: its OS packages may have no advisories`,
        where,
      ),
    );
  }
  const keys = new Set(osPackages.map((p) => p.distro).filter((k): k is string => Boolean(k)));
  for (const key of keys) {
    const queried = planned.filter((p) => p.query.distro === key);
    if (queried.length === 0) continue;
    if (!queried.some((p) => answered.has(queryKey(p.query)))) {
      const count = new Set(queried.map((p) => p.pkg)).size;
      out.push(
        diagnostic(
          "distro-no-advisories",
          `no advisory in the database names any of the ${count} ${key} packages: the database probably holds no feed for ${key}, so their findings are missing`,
          where,
        ),
      );
    }
  }
  return out;
}
