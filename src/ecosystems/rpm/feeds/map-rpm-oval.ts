import type { ReleaseFact } from "../../../feeds/oval/classify-oval-test.js";
import type { EvaluatedDefinition, ReleaseRef } from "../../../feeds/oval/evaluate-oval-file.js";
import {
  cveIdsOf,
  cwesOf,
  referencesOf,
  severitiesOf,
  toIsoDate,
} from "../../../feeds/oval/oval-advisory-fields.js";
import { toAffectedPackage } from "../../../feeds/oval/to-affected-package.js";
import type { Advisory } from "../../../model/advisory.js";

/** Advisory id prefixes of the Red Hat family (RHSA-2022:7959, RLSA-2022:4771, ...). */
const erratumId = /^[A-Z]{2,6}-\d{4}:\d+$/;

/**
 * The release an rpm-family release check names: the release package's name (pattern) gives
 * the distro, its version pattern (`^9[^\d]`) the major release. Release files
 * (`/etc/redhat-release`, `/etc/rocky-release`) are read from their expected content.
 */
export function rpmReleaseOf(
  fact: ReleaseFact,
  releasePackages: Record<string, string>,
): ReleaseRef | undefined {
  if (fact.kind === "package") {
    const name = (fact.name ?? fact.namePattern ?? "").replace(/^\^/, "").replace(/\$$/, "");
    const distro = Object.entries(releasePackages).find(
      ([pkg]) => name === pkg || name.startsWith(`${pkg}-`),
    )?.[1];
    if (distro === undefined) return undefined;
    const version = fact.versionPattern?.match(/^\^?(\d+)/)?.[1];
    return version === undefined ? { distro } : { distro, version };
  }
  const distro = releaseFileDistros[fact.path];
  if (distro === undefined) return undefined;
  const version = fact.value.match(/(?:^|[^\d])(\d+)(?:\\\.|\.|[^\d]|$)/)?.[1];
  return version === undefined ? { distro } : { distro, version };
}

const releaseFileDistros: Record<string, string> = {
  "/etc/redhat-release": "rhel",
  "/etc/rocky-release": "rocky",
  "/etc/almalinux-release": "almalinux",
  "/etc/centos-release": "centos",
};

/** The major release a `<platform>` names (`Red Hat Enterprise Linux 9` → 9). */
export function platformRelease(
  platforms: string[],
  product: RegExp,
  distro: string,
): ReleaseRef | undefined {
  for (const platform of platforms) {
    const version = platform.match(product)?.[1];
    if (version !== undefined) return { distro, version };
  }
  return undefined;
}

/**
 * Maps a Red Hat or Rocky Linux definition: the erratum id (RHSA/RHBA/RHEA/RLSA) with its
 * CVEs as aliases, the vendor severity and CVE data, and one affected entry per binary rpm
 * the criteria name (Red Hat OVAL tests binary package names, not source RPMs), scoped to a
 * module stream where the criteria say "Module x:y is enabled".
 */
export function mapRpmErratum(evaluated: EvaluatedDefinition, provider: string): Advisory | undefined {
  const { definition } = evaluated;
  if (definition.class !== "patch" && definition.class !== "vulnerability") return undefined;
  const titleId = definition.title?.match(/^([A-Z]{2,6}-\d{4}:\d+)/)?.[1];
  const id = definition.references.find((r) => erratumId.test(r.id))?.id ?? titleId ?? definition.id;
  const cves = cveIdsOf(definition);
  const advisory: Advisory = {
    id,
    aliases: cves.filter((c) => c !== id),
    provider,
    severities: severitiesOf(definition, provider),
    references: referencesOf(definition),
    affected: evaluated.packages.map((p) =>
      toAffectedPackage(p, {
        ecosystem: "rpm",
        scheme: "rpm",
        distro: evaluated.release,
        nameKind: "binary",
      }),
    ),
  };
  const summary = definition.title?.replace(/^[A-Z]{2,6}-\d{4}:\d+:\s*/, "");
  if (summary) advisory.summary = summary;
  if (definition.description) advisory.details = definition.description;
  const published = toIsoDate(definition.vendor.issued);
  if (published) advisory.published = published;
  const modified = toIsoDate(definition.vendor.updated);
  if (modified) advisory.modified = modified;
  const cwes = cwesOf(definition);
  if (cwes.length > 0) advisory.cwes = cwes;
  return advisory;
}
