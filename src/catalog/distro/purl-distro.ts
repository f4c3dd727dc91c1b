import type { Distro } from "../../model/index.js";

/**
 * The purl `distro` qualifier for OS packages: `<id>-<VERSION_ID>` (`debian-12`,
 * `rocky-9.3`, `alpine-3.18.0`), as Syft and Trivy write it; the codename or the bare id
 * when there is no VERSION_ID.
 */
export function purlDistroQualifier(distro: Distro): string {
  if (distro.versionId) return `${distro.id}-${distro.versionId}`;
  return distro.codename ? `${distro.id}-${distro.codename}` : distro.id;
}
