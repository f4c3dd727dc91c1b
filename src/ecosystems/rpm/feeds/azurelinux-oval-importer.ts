import { defineOvalImporter } from "../../../feeds/oval/define-oval-importer.js";
import type { EvaluatedDefinition } from "../../../feeds/oval/evaluate-oval-file.js";
import { cveIdsOf, referencesOf, severitiesOf, toIsoDate } from "../../../feeds/oval/oval-advisory-fields.js";
import { toAffectedPackage } from "../../../feeds/oval/to-affected-package.js";
import type { Advisory } from "../../../model/advisory.js";

const fileName = /(?:^|\/)(azurelinux|cbl-mariner)-(\d+\.\d+)-oval\.xml(?:\.bz2|\.gz)?$/;

/**
 * Azure Linux (and CBL-Mariner) OVAL from microsoft/AzureLinuxVulnerabilityData: one
 * definition per CVE and source package, `rpminfo` "less than" tests on the source package
 * name (`nameKind: "source"`), no release checks, so the distro key comes from the file name
 * (`azurelinux-3.0-oval.xml` → `azurelinux:3.0`, provider `azurelinux-oval:3.0`).
 * `<patchable>Not Applicable</patchable>` ("no longer is or was never applicable") is read
 * as the vendor's not-affected statement.
 */
export const azureLinuxOvalImporter = defineOvalImporter({
  name: "azurelinux-oval",
  version: "1",
  description: "Azure Linux / CBL-Mariner OVAL vulnerability definitions (rpminfo version tests)",
  upstream: [
    {
      provider: "azurelinux-oval:3.0",
      url: "https://raw.githubusercontent.com/microsoft/AzureLinuxVulnerabilityData/main/azurelinux-3.0-oval.xml",
      mirrorPath: "azurelinux-oval/azurelinux-3.0-oval.xml",
    },
  ],
  providerFor(relativePath) {
    const match = relativePath.match(fileName);
    if (!match?.[2]) return undefined;
    return `${match[1] === "cbl-mariner" ? "mariner-oval" : "azurelinux-oval"}:${match[2]}`;
  },
  releaseRules(provider) {
    const [feed, version] = provider.split(":");
    const distro = feed === "mariner-oval" ? "mariner" : "azurelinux";
    return {
      releaseOf: () => undefined,
      fallbackRelease: () => (version === undefined ? undefined : { distro, version }),
    };
  },
  toAdvisory: mapAzureLinuxDefinition,
});

function mapAzureLinuxDefinition(evaluated: EvaluatedDefinition, provider: string): Advisory | undefined {
  const { definition } = evaluated;
  if (definition.class !== "vulnerability" && definition.class !== "patch") return undefined;
  const cves = cveIdsOf(definition);
  const id = cves[0] ?? definition.id;
  const notApplicable = /^not applicable$/i.test(definition.extras.patchable ?? "");
  const affected = evaluated.packages.map((p) => {
    const entry = toAffectedPackage(p, {
      ecosystem: "rpm",
      scheme: "rpm",
      distro: evaluated.release,
      nameKind: "source",
    });
    if (!notApplicable) return entry;
    return {
      ...entry,
      status: "not-affected" as const,
      ranges: [],
      fix: { state: "unknown" as const, versions: [] },
      note: `Azure Linux marks this CVE not applicable to ${p.name} (patchable: ${definition.extras.patchable})`,
    };
  });
  const advisory: Advisory = {
    id,
    aliases: cves.filter((c) => c !== id),
    provider,
    severities: severitiesOf(definition, provider),
    references: referencesOf(definition),
    affected,
  };
  if (definition.title) advisory.summary = definition.title;
  if (definition.description) advisory.details = definition.description;
  const published = toIsoDate(definition.extras.advisory_date);
  if (published) advisory.published = published;
  return advisory;
}
