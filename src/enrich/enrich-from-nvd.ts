import { diagnostic, type Finding, type Reference, type SeverityRating } from "../model/index.js";
import { cveIdsOf, type Enricher } from "./enricher.js";
import { lookupNvd } from "./lookup-nvd.js";

/**
 * Adds NVD's ratings (its own and the CNAs' it records, each with its vector) to every
 * finding of a CVE NVD holds, fills a missing summary and CWEs, and links the NVD page.
 * A finding only reported under a CVE that NVD has rejected (every matched advisory is
 * that CVE itself, as distro feeds name them) is dropped: a rejected CVE is no flaw.
 */
export const enrichFromNvd: Enricher = async (findings, { reader }) => {
  const idsOf = findings.map(cveIdsOf);
  const nvd = await lookupNvd(reader, [...new Set(idsOf.flat())]);
  const kept: Finding[] = [];
  const rejected: string[] = [];
  findings.forEach((finding, i) => {
    const v = finding.vulnerability;
    const own = nvd.get(v.id.toUpperCase());
    if (own?.rejected && onlyNamedBy(finding, v.id.toUpperCase())) {
      rejected.push(`${v.id} (${finding.package.name})`);
      return;
    }
    for (const cve of idsOf[i]!) {
      const record = nvd.get(cve);
      if (record === undefined || record.rejected) continue;
      const { advisory } = record;
      v.cvss = mergeRatings(v.cvss, advisory.severities);
      if (!v.summary && advisory.details) v.summary = firstSentence(advisory.details);
      if (advisory.cwes?.length) v.cwes = [...new Set([...(v.cwes ?? []), ...advisory.cwes])].sort();
      const url = `https://nvd.nist.gov/vuln/detail/${advisory.id}`;
      // Replaced, not pushed to: the list may be shared with other findings of the advisory.
      if (!hasReference(v.references, url)) v.references = [...v.references, { url, type: "ADVISORY" }];
      if (!v.published && advisory.published) v.published = advisory.published;
    }
    kept.push(finding);
  });
  const diagnostics = rejected.length
    ? [
        diagnostic(
          "cve-rejected",
          `${rejected.length} finding(s) dropped: NVD rejected the CVE (${rejected.slice(0, 5).join(", ")}${rejected.length > 5 ? ", ..." : ""})`,
          { source: "enrich", level: "info" },
        ),
      ]
    : [];
  return { findings: kept, diagnostics };
};

/** Every matched advisory is the CVE itself (as distro feeds name their entries). */
function onlyNamedBy(finding: Finding, cve: string): boolean {
  for (const e of finding.evidence) if (e.found.advisoryId.toUpperCase() !== cve) return false;
  return true;
}

function hasReference(references: readonly Reference[], url: string): boolean {
  for (const r of references) if (r.url === url) return true;
  return false;
}

function mergeRatings(have: SeverityRating[], add: SeverityRating[]): SeverityRating[] {
  if (add.length === 0) return have;
  const key = (r: SeverityRating) => `${r.source}|${r.severity}|${r.vector ?? ""}|${r.cvssVersion ?? ""}`;
  const out = new Map(have.map((r) => [key(r), r]));
  for (const r of add) if (!out.has(key(r))) out.set(key(r), r);
  return [...out.values()];
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const sentence = /^(.{20,}?[.!?])(\s|$)/.exec(flat)?.[1] ?? flat;
  return sentence.length > 200 ? `${sentence.slice(0, 197)}...` : sentence;
}
