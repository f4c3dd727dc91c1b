import type { Cataloger, PackageDraft } from "../catalog/cataloger.js";
import type { Matcher } from "../match/matcher.js";
import type { Distro, PackageType, SchemeId } from "../model/index.js";

/**
 * One package ecosystem (purl type): the extension point. Its folder holds its catalogers,
 * purl builder, matcher and feeds; `src/ecosystems/index.ts` registers it with one line.
 */
export interface Ecosystem {
  id: PackageType;
  /** The version scheme its versions are ordered by. */
  scheme: SchemeId;
  catalogers: Cataloger[];
  /** Builds the package URL for a draft (distro known, for OS packages). */
  purl(pkg: PackageDraft, distro: Distro | undefined): string;
  /** Normalises a package name the way its feeds key it (PEP 503 for PyPI, lower case npm...). */
  normaliseName?(name: string): string;
  /**
   * How its packages are matched against advisories, where that differs from the shared
   * by-ecosystem strategy (name + scheme); absent: the composition root uses that strategy.
   */
  matcher?: Matcher;
}

/** Identity helper that keeps each ecosystem's literal type for the registry. */
export function defineEcosystem<E extends Ecosystem>(ecosystem: E): E {
  return ecosystem;
}
