import type { Candidate } from "../../match/index.js";
import { createDistroMatcher } from "../../match/index.js";
import type { Package } from "../../model/index.js";

/** Providers whose feeds key source RPM names; every other rpm feed keys binary names. */
const sourceKeyed = /^(?:azurelinux-oval|mariner-oval)(?::|$)/;
/**
 * Providers whose feeds scope module packages to their stream ("Module nodejs:18 is
 * enabled"). Rocky's OVAL carries no module criteria, so its entries are compared by version.
 */
const moduleScoped = /^redhat-oval(?::|$)/;

/**
 * The `name:stream` of a modular package (`nodejs:18` from the modularity label
 * `nodejs:18:9030020231101000000:rpm`), undefined for a non-modular one.
 */
export function moduleStreamOf(pkg: Package): string | undefined {
  const label = pkg.metadata?.modularityLabel;
  if (typeof label !== "string") return undefined;
  const [name, stream] = label.split(":");
  return name && stream ? `${name}:${stream}` : undefined;
}

/**
 * Module streams must agree: an entry scoped to a stream applies only to packages of that
 * stream; where the feed scopes module packages, an unscoped entry does not apply to a
 * modular package (nodejs 18 from the module is not the non-modular nodejs 16).
 */
function skipOtherStream(pkg: Package, { affected, advisory }: Candidate): string | undefined {
  const stream = moduleStreamOf(pkg);
  if (affected.module !== undefined) {
    if (stream === affected.module) return undefined;
    return stream === undefined
      ? `the advisory is for module stream ${affected.module}; ${pkg.name} is not a module package`
      : `the advisory is for module stream ${affected.module}; ${pkg.name} comes from ${stream}`;
  }
  if (stream !== undefined && moduleScoped.test(advisory.provider)) {
    return `the advisory is for the non-modular ${affected.name}; ${pkg.name} comes from module stream ${stream}`;
  }
  return undefined;
}

/**
 * RPM packages (RHEL, Rocky, AlmaLinux, Azure Linux...): the release's own advisories only
 * (a Rocky image is matched against Rocky's feed, never RHEL's or AlmaLinux's), keyed by the
 * binary name where the feed does (Red Hat/Rocky OVAL, AlmaLinux OSV) or the source RPM name
 * (Azure Linux), compared by epoch:version-release with the rpm scheme, module streams
 * respected. Subpackages share their source RPM's EVR, so the installed EVR (with its epoch,
 * which SRPM file names lack) is compared in both cases.
 */
export const rpmMatcher = createDistroMatcher({
  name: "rpm-matcher",
  ecosystem: "rpm",
  nameKindOf: (provider) => (sourceKeyed.test(provider) ? "source" : "binary"),
  searchBinaryNames: true,
  skip: skipOtherStream,
});
