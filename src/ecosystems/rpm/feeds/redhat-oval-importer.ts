import { defineOvalImporter } from "../../../feeds/oval/define-oval-importer.js";
import { mapRpmErratum, platformRelease, rpmReleaseOf } from "./map-rpm-oval.js";

const fileName = /(?:^|\/)(?:com\.redhat\.rhsa-RHEL(\d+)\.xml|rhel-(\d+)\.oval\.xml)(?:\.bz2|\.gz)?$/;

/**
 * Red Hat Enterprise Linux OVAL (RHSA/RHBA/RHEA errata), one provider per major release:
 * `redhat-oval:9`. Package names are binary rpm names (`nameKind: "binary"`); the
 * "signed with Red Hat key" tests hold for every package Red Hat ships; "Module x:y is
 * enabled" scopes a claim to that stream (`module`). Definitions carry
 * "Red Hat Enterprise Linux 9 is installed", which gives the distro key `rhel:9`.
 */
export const redhatOvalImporter = defineOvalImporter({
  name: "redhat-oval",
  version: "1",
  description: "Red Hat Enterprise Linux OVAL errata definitions (rpminfo version tests)",
  upstream: ["8", "9"].map((major) => ({
    provider: `redhat-oval:${major}`,
    url: `https://security.access.redhat.com/data/oval/v2/RHEL${major}/rhel-${major}.oval.xml.bz2`,
    mirrorPath: `redhat-oval/com.redhat.rhsa-RHEL${major}.xml.bz2`,
  })),
  providerFor(relativePath) {
    const match = relativePath.match(fileName);
    const major = match?.[1] ?? match?.[2];
    return major === undefined ? undefined : `redhat-oval:${major}`;
  },
  releaseRules(provider) {
    const major = provider.split(":")[1];
    return {
      releaseOf: (fact) => rpmReleaseOf(fact, { "redhat-release": "rhel" }),
      fallbackRelease: (definition) =>
        platformRelease(definition.platforms, /Red Hat Enterprise Linux (\d+)/, "rhel") ??
        (major === undefined ? undefined : { distro: "rhel", version: major }),
    };
  },
  fileRelease: (provider) => `rhel:${provider.split(":")[1]}`,
  toAdvisory: mapRpmErratum,
});
