import type { Package } from "../model/index.js";
import { judgeAffected } from "./judge-affected.js";
import type { Candidate, Matcher, MatchQuery } from "./matcher.js";

/** What an OS package ecosystem adds to the shared by-distro strategy. */
export interface DistroMatcherSpec {
  /** Matcher id (`dpkg-matcher`). */
  name: string;
  version?: string;
  ecosystem: "deb" | "rpm" | "apk";
  /**
   * How a provider's feed keys package names, when the stored entry does not say: `source`
   * (deb Source, SRPM name, apk origin) or `binary` (the installed package's own name).
   */
  nameKindOf(provider: string): "source" | "binary";
  /** Whether any of this distro family's feeds keys binary names (then both names are searched). */
  searchBinaryNames: boolean;
  /** The version a source-keyed entry is compared with (deb: the Source version). */
  sourceVersionOf?(pkg: Package): string;
  /** A reason to leave a candidate aside (another module stream, ...). */
  skip?(pkg: Package, candidate: Candidate): string | undefined;
}

/** The source (origin, SRPM) package name distro advisories are keyed on. */
export function sourceNameOf(pkg: Package): string {
  return pkg.source?.name || pkg.name;
}

/**
 * The by-distro strategy for OS packages: look up the distro release's own advisories
 * (the package's distro key, never another distro's) by source package name and, where a
 * feed of the family keys binary names, by the package name; keep only candidates found
 * under the name their feed keys on, and compare with the distro's version scheme.
 */
export function createDistroMatcher(spec: DistroMatcherSpec): Matcher {
  return {
    name: spec.name,
    version: spec.version ?? "1",
    applies: (pkg) => pkg.type === spec.ecosystem,
    unmatchable(pkg) {
      return pkg.distro ? undefined : "the image's distro release is unknown, so no distro advisories apply";
    },
    queries(pkg): MatchQuery[] {
      const distro = pkg.distro;
      if (!distro) return [];
      const out: MatchQuery[] = [
        {
          ecosystem: spec.ecosystem,
          distro,
          name: sourceNameOf(pkg),
          kind: "exact-indirect",
          version: spec.sourceVersionOf?.(pkg) ?? pkg.version,
        },
      ];
      if (spec.searchBinaryNames) {
        out.push({
          ecosystem: spec.ecosystem,
          distro,
          name: pkg.name,
          kind: "exact-direct",
          version: pkg.version,
        });
      }
      return out;
    },
    judge(pkg, candidate, scheme) {
      const { affected, advisory, query } = candidate;
      const nameKind = affected.nameKind ?? spec.nameKindOf(advisory.provider);
      const wanted = nameKind === "source" ? "exact-indirect" : "exact-direct";
      if (query.kind !== wanted) {
        return {
          verdict: "skipped",
          code: "name-kind",
          reason: `${advisory.provider} keys ${nameKind} package names; ${query.name} was searched as the ${query.kind === "exact-direct" ? "binary" : "source"} name`,
        };
      }
      const reason = spec.skip?.(pkg, candidate);
      if (reason !== undefined) return { verdict: "skipped", code: "rule", reason };
      return judgeAffected(query.version, affected, scheme);
    },
  };
}
