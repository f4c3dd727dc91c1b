import { defineOvalImporter } from "../../../feeds/oval/define-oval-importer.js";
import { mapRpmErratum, platformRelease, rpmReleaseOf } from "./map-rpm-oval.js";

const fileName = /(?:^|\/)org\.rockylinux\.rlsa-(\d+)\.xml(?:\.bz2|\.gz)?$/;

/**
 * Rocky Linux OVAL (RLSA errata), one provider per file: `rocky-oval:9`. Read like Red Hat's
 * (binary rpm names, module streams). The distro key comes from the definitions' own
 * release checks (`^rocky-release`, version `^9[^\d]`) and only then from the platform or
 * the file name: the archived `rlsa-8` file holds Rocky Linux 9 definitions, which are
 * keyed `rocky:9`. Early Rocky files OR their release check with the package tests; such
 * trees are read with the release check as a condition (see evaluate-oval-file.ts).
 */
export const rockyOvalImporter = defineOvalImporter({
  name: "rocky-oval",
  version: "1",
  description: "Rocky Linux OVAL errata definitions (rpminfo version tests)",
  upstream: ["8", "9"].map((major) => ({
    provider: `rocky-oval:${major}`,
    url: `https://dl.rockylinux.org/pub/oval/org.rockylinux.rlsa-${major}.xml.bz2`,
    mirrorPath: `rocky-oval/org.rockylinux.rlsa-${major}.xml.bz2`,
  })),
  providerFor(relativePath) {
    const major = relativePath.match(fileName)?.[1];
    return major === undefined ? undefined : `rocky-oval:${major}`;
  },
  releaseRules(provider) {
    const major = provider.split(":")[1];
    return {
      releaseOf: (fact) => rpmReleaseOf(fact, { "rocky-release": "rocky" }),
      fallbackRelease: (definition) =>
        platformRelease(definition.platforms, /Rocky Linux (\d+)/, "rocky") ??
        (major === undefined ? undefined : { distro: "rocky", version: major }),
    };
  },
  fileRelease: (provider) => `rocky:${provider.split(":")[1]}`,
  toAdvisory: mapRpmErratum,
});
