import { defineOvalImporter } from "../../../feeds/oval/define-oval-importer.js";
import type { EvaluatedDefinition } from "../../../feeds/oval/evaluate-oval-file.js";
import { cveIdsOf, referencesOf, severitiesOf, toIsoDate } from "../../../feeds/oval/oval-advisory-fields.js";
import { toAffectedPackage } from "../../../feeds/oval/to-affected-package.js";
import type { Advisory } from "../../../model/advisory.js";
import { ubuntuVersionOf } from "./ubuntu-releases.js";

const fileName = /(?:^|\/)com\.ubuntu\.([a-z]+)\.usn\.oval\.xml(?:\.bz2|\.gz)?$/;
const noticeId = /^[UL]SN-\d+-\d+$/;

/**
 * Ubuntu USN OVAL, one provider per release codename: `ubuntu-oval:noble`, distro key
 * `ubuntu:24.04` (from the `/etc/lsb-release` codename check, else the file name). Each
 * definition is one notice (USN or kernel Livepatch LSN); its `dpkginfo` tests name BINARY
 * packages through a constant variable (`nameKind: "binary"`), each with the fixed version.
 * Fixes shipped only through Ubuntu Pro (ESM) carry a note saying so. Kernel notices test
 * the running kernel (uname, computed variables) and yield no package.
 */
export const ubuntuOvalImporter = defineOvalImporter({
  name: "ubuntu-oval",
  version: "1",
  description: "Ubuntu USN OVAL definitions (dpkginfo version tests on binary packages)",
  upstream: ["noble", "jammy", "focal"].map((codename) => ({
    provider: `ubuntu-oval:${codename}`,
    url: `https://security-metadata.canonical.com/oval/com.ubuntu.${codename}.usn.oval.xml.bz2`,
    mirrorPath: `ubuntu-oval/com.ubuntu.${codename}.usn.oval.xml.bz2`,
  })),
  providerFor(relativePath) {
    const codename = relativePath.match(fileName)?.[1];
    return codename === undefined ? undefined : `ubuntu-oval:${codename}`;
  },
  releaseRules(provider) {
    const codename = provider.split(":")[1] ?? "";
    return {
      releaseOf(fact) {
        if (fact.kind !== "file" || fact.path !== "/etc/lsb-release") return undefined;
        const version = ubuntuVersionOf(fact.value);
        return version === undefined ? undefined : { distro: "ubuntu", version };
      },
      fallbackRelease(definition) {
        const fromPlatform = definition.platforms
          .map((p) => p.match(/^Ubuntu (\d+\.\d+)/)?.[1])
          .find(Boolean);
        const version = fromPlatform ?? ubuntuVersionOf(codename);
        return version === undefined ? undefined : { distro: "ubuntu", version };
      },
    };
  },
  fileRelease(provider) {
    const version = ubuntuVersionOf(provider.split(":")[1] ?? "");
    return version === undefined ? undefined : `ubuntu:${version}`;
  },
  toAdvisory: mapUbuntuDefinition,
});

function mapUbuntuDefinition(evaluated: EvaluatedDefinition, provider: string): Advisory | undefined {
  const { definition } = evaluated;
  if (definition.class !== "patch" && definition.class !== "vulnerability") return undefined;
  const titleId = definition.title?.match(/^([UL]SN-\d+-\d+)/)?.[1];
  const id = definition.references.find((r) => noticeId.test(r.id))?.id ?? titleId ?? definition.id;
  const cves = cveIdsOf(definition);
  const advisory: Advisory = {
    id,
    aliases: cves.filter((c) => c !== id),
    provider,
    severities: severitiesOf(definition, provider),
    references: referencesOf(definition),
    affected: evaluated.packages.map((p) => {
      const entry = toAffectedPackage(p, {
        ecosystem: "deb",
        scheme: "dpkg",
        distro: evaluated.release,
        nameKind: "binary",
      });
      if (p.labels.some((l) => /Ubuntu Pro/i.test(l))) {
        entry.note = ["fix available with Ubuntu Pro (ESM)", entry.note].filter(Boolean).join("; ");
      }
      return entry;
    }),
  };
  const summary = definition.title?.replace(/^[UL]SN-\d+-\d+\s*--\s*/, "");
  if (summary) advisory.summary = summary;
  if (definition.description) advisory.details = definition.description;
  const published = toIsoDate(definition.vendor.issued);
  if (published) advisory.published = published;
  return advisory;
}
