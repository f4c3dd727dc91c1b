import { diagnostic, type Finding, type SeverityRating } from "../model/index.js";
import { cveIdsOf, type Enricher } from "./enricher.js";
import { lookupNvd } from "./lookup-nvd.js";

/**
 * Adds NVD's ratings (its own and the CNAs' it records, each with its vector) to every
 * finding of a CVE NVD holds, fills a missing summary and CWEs, and links the NVD page.
 * A finding only reported under a CVE that NVD has rejected (every matched advisory is
 * that CVE itself, as distro feeds name them) is dropped: a rejected CVE is no flaw.
 */
export const enrichFromNvd: Enricher = async (findings, { reader }) => {
  const cves = [...new Set(findings.flatMap(cveIdsOf))];
  const nvd = await lookupNvd(reader, cves);
  const kept: Finding[] = [];
  const rejected: string[] = [];
  for (const finding of findings) {
    const v = finding.vulnerability;
    const records = cveIdsOf(finding).flatMap((c) => {
      const r = nvd.get(c);
      return r ? [r] : [];
    });
    const own = nvd.get(v.id.toUpperCase());
    if (
      own?.rejected &&
      finding.evidence.every((e) => e.found.advisoryId.toUpperCase() === v.id.toUpperCase())
    ) {
      rejected.push(`${v.id} (${finding.package.name})`);
      continue;
    }
    for (const { advisory, rejected: gone } of records) {
      if (gone) continue;
      v.cvss = mergeRatings(v.cvss, advisory.severities);
      if (!v.summary && advisory.details) v.summary = firstSentence(advisory.details);
      if (advisory.cwes?.length) v.cwes = [...new Set([...(v.cwes ?? []), ...advisory.cwes])].sort();
      const url = `https://nvd.nist.gov/vuln/detail/${advisory.id}`;
      if (!v.references.some((r) => r.url === url)) v.references.push({ url, type: "ADVISORY" });
      if (!v.published && advisory.published) v.published = advisory.published;
    }
    kept.push(finding);
  }
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

function mergeRatings(have: SeverityRating[], add: SeverityRating[]): SeverityRating[] {
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
