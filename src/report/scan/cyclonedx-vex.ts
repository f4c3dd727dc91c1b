import type * as Enums from "@cyclonedx/cyclonedx-library/Enums";
import type * as Models from "@cyclonedx/cyclonedx-library/Models";
import type { Finding, ScanResult, Severity, SeverityRating } from "../../model/index.js";
import { buildCycloneDxBom } from "../sbom/cyclonedx-json.js";
import { cycloneDx } from "../sbom/cyclonedx-library.js";
import { advisoryUrl, vulnerabilityUrl, webUrl } from "./advisory-url.js";
import { compareText, fixedInText } from "./finding-facts.js";

interface Tables {
  severityOf: Record<Severity, Enums.Vulnerability.Severity>;
  /** OpenVEX justifications (and CycloneDX's own) mapped onto CycloneDX analysis justifications. */
  justificationOf: Record<string, Enums.Vulnerability.AnalysisJustification>;
}

let tables: Tables | undefined;

/** Lookup tables over the library's enums, built on first use (the library loads lazily). */
function lookupTables(): Tables {
  if (tables) return tables;
  const { Enums } = cycloneDx();
  tables = {
    severityOf: {
      critical: Enums.Vulnerability.Severity.Critical,
      high: Enums.Vulnerability.Severity.High,
      medium: Enums.Vulnerability.Severity.Medium,
      low: Enums.Vulnerability.Severity.Low,
      negligible: Enums.Vulnerability.Severity.Info,
      unknown: Enums.Vulnerability.Severity.Unknown,
    },
    justificationOf: {
      component_not_present: Enums.Vulnerability.AnalysisJustification.CodeNotPresent,
      vulnerable_code_not_present: Enums.Vulnerability.AnalysisJustification.CodeNotPresent,
      vulnerable_code_not_in_execute_path: Enums.Vulnerability.AnalysisJustification.CodeNotReachable,
      vulnerable_code_cannot_be_controlled_by_adversary:
        Enums.Vulnerability.AnalysisJustification.RequiresEnvironment,
      inline_mitigations_already_exist:
        Enums.Vulnerability.AnalysisJustification.ProtectedByMitigatingControl,
      ...Object.fromEntries(Object.values(Enums.Vulnerability.AnalysisJustification).map((j) => [j, j])),
    },
  };
  return tables;
}

/**
 * A CycloneDX 1.6 BOM of the scan: the SBOM's components (from {@link buildCycloneDxBom}) plus
 * one `vulnerabilities` entry per vulnerability and analysis: its id and source, the other
 * ids as references, every source's rating (CVSS method from the vector's version), CWEs,
 * description, advisories, the fix as recommendation, and `affects` naming each package's
 * component with its installed version as affected. Findings suppressed by a VEX statement
 * carry that statement as `analysis` (not_affected or resolved, justification, detail);
 * findings an ignore rule suppresses carry an analysis without a state (an accepted risk is
 * not a claim of not being affected), with the rule's reason as detail and will_not_fix or
 * can_not_fix as response. Findings whose suppression differs are split into separate entries
 * of the same id, since CycloneDX keeps one analysis per entry.
 */
export function buildCycloneDxVexBom(result: ScanResult): Models.Bom {
  const bom = buildCycloneDxBom(result.sbom);
  const components = new Map<string, Models.Component>();
  for (const c of bom.components) components.set(c.bomRef.value ?? "", c);
  const groups = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const key = `${f.vulnerability.id}\0${suppressionKey(f)}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const keys = [...groups.keys()].sort(compareText);
  const perId = new Map<string, number>();
  for (const key of keys) {
    const findings = groups.get(key)!;
    const id = findings[0]!.vulnerability.id;
    const n = (perId.get(id) ?? 0) + 1;
    perId.set(id, n);
    bom.vulnerabilities.add(toVulnerability(findings, n === 1 ? id : `${id}#${n}`, components));
  }
  return bom;
}

/** {@link buildCycloneDxVexBom} as CycloneDX 1.6 JSON, lists sorted. */
export function formatCycloneDxVex(result: ScanResult): string {
  const { Serialize, Spec } = cycloneDx();
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return `${serializer.serialize(buildCycloneDxVexBom(result), { sortLists: true, space: 2 })}\n`;
}

function toVulnerability(
  findings: Finding[],
  bomRef: string,
  components: Map<string, Models.Component>,
): Models.Vulnerability.Vulnerability {
  const { Enums, Models, Types } = cycloneDx();
  const V = Models.Vulnerability;
  const first = findings[0]!;
  const v = first.vulnerability;
  const url = vulnerabilityUrl(v);
  const vuln = new V.Vulnerability({
    bomRef,
    id: v.id,
    source: new V.Source({ name: sourceName(v.id, first), ...(url ? { url } : {}) }),
    ...(v.summary ? { description: v.summary } : {}),
    ...(v.published && !Number.isNaN(Date.parse(v.published)) ? { published: new Date(v.published) } : {}),
  });
  for (const alias of v.aliases) {
    const aliasUrl = advisoryUrl(alias);
    vuln.references.add(
      new V.Reference(
        alias,
        new V.Source({ name: sourceName(alias), ...(aliasUrl ? { url: aliasUrl } : {}) }),
      ),
    );
  }
  for (const r of ratingsOf(first)) vuln.ratings.add(r);
  for (const cwe of v.cwes ?? []) {
    const n = Number(/^CWE-(\d+)$/i.exec(cwe)?.[1]);
    if (Types.isCWE(n)) vuln.cwes.add(n);
  }
  for (const ref of v.references) {
    const url = webUrl(ref.url);
    if (url) vuln.advisories.add(new V.Advisory(url));
  }
  const fixes = findings
    .filter((f) => f.fix.versions.length > 0)
    .map((f) => `upgrade ${f.package.name} ${f.package.version} to ${f.fix.versions.join(" or ")}`);
  if (fixes.length > 0) vuln.recommendation = `${[...new Set(fixes)].sort(compareText).join("; ")}.`;
  for (const f of findings) {
    const component = components.get(f.package.id);
    if (!component) continue;
    vuln.affects.add(
      new V.Affect(component.bomRef, {
        versions: new V.AffectedVersionRepository([
          new V.AffectedSingleVersion(f.package.version, {
            status: Enums.Vulnerability.AffectStatus.Affected,
          }),
        ]),
      }),
    );
    // Without a fixed version, the vendor's word (will-not-fix, end-of-life, ...) is the remediation news.
    if (f.fix.versions.length === 0) {
      vuln.properties.add(
        new Models.Property(`drydock:fix-state:${f.package.id}`, fixedInText(f) || f.fix.state),
      );
    }
  }
  const analysis = analysisOf(first);
  if (analysis) vuln.analysis = analysis;
  if (first.suppressed) {
    vuln.properties.add(
      new Models.Property("drydock:suppressed-by", `${first.suppressed.by}: ${first.suppressed.reference}`),
    );
    if (first.suppressed.expires)
      vuln.properties.add(new Models.Property("drydock:suppressed-until", first.suppressed.expires));
  }
  return vuln;
}

/** Every source's rating; the chosen severity as a rating of its own when no source rating carries it. */
function ratingsOf(f: Finding): Models.Vulnerability.Rating[] {
  const { Enums, Models } = cycloneDx();
  const V = Models.Vulnerability;
  const { severityOf } = lookupTables();
  const v = f.vulnerability;
  const out = v.cvss.map((r) => toRating(r));
  const chosenListed = v.cvss.some((r) => r.source === v.severitySource && r.severity === v.severity);
  if (!chosenListed) {
    out.push(
      new V.Rating({
        source: new V.Source({ name: v.severitySource ?? "drydock" }),
        severity: severityOf[v.severity],
        method: Enums.Vulnerability.RatingMethod.Other,
      }),
    );
  }
  return out;
}

function toRating(r: SeverityRating): Models.Vulnerability.Rating {
  const V = cycloneDx().Models.Vulnerability;
  const { severityOf } = lookupTables();
  return new V.Rating({
    source: new V.Source({ name: r.source }),
    severity: severityOf[r.severity],
    method: methodOf(r),
    ...(typeof r.score === "number" ? { score: r.score } : {}),
    ...(r.vector ? { vector: r.vector } : {}),
  });
}

function methodOf(r: SeverityRating): Enums.Vulnerability.RatingMethod {
  const { Enums } = cycloneDx();
  const version =
    r.cvssVersion ??
    /^CVSS:(\d\.\d)\//.exec(r.vector ?? "")?.[1] ??
    (r.vector?.startsWith("AV:") ? "2.0" : undefined);
  switch (version) {
    case "2.0":
      return Enums.Vulnerability.RatingMethod.CVSSv2;
    case "3.0":
      return Enums.Vulnerability.RatingMethod.CVSSv3;
    case "3.1":
      return Enums.Vulnerability.RatingMethod.CVSSv31;
    case "4.0":
      return Enums.Vulnerability.RatingMethod.CVSSv4;
    default:
      return Enums.Vulnerability.RatingMethod.Other;
  }
}

/**
 * The analysis of a suppressed finding. A VEX suppression's reason starts with the statement's
 * status and justification (`not_affected: vulnerable_code_not_in_execute_path (detail)`,
 * as src/match/suppress writes it).
 */
function analysisOf(f: Finding): Models.Vulnerability.Analysis | undefined {
  const s = f.suppressed;
  if (!s) return undefined;
  const { Enums, Models } = cycloneDx();
  const V = Models.Vulnerability;
  if (s.by === "vex") {
    const m = /^(not_affected|fixed)(?::\s*([a-z_]+))?(?:\s*\((.*)\))?$/s.exec(s.reason ?? "");
    const justification = m?.[2] ? lookupTables().justificationOf[m[2]] : undefined;
    return new V.Analysis({
      state:
        m?.[1] === "fixed"
          ? Enums.Vulnerability.AnalysisState.Resolved
          : Enums.Vulnerability.AnalysisState.NotAffected,
      ...(justification ? { justification } : {}),
      detail: `${s.reference}${m?.[3] ? `: ${m[3]}` : s.reason && !m ? `: ${s.reason}` : ""}`,
    });
  }
  const analysis = new V.Analysis({
    detail: `Accepted by ${s.reference}${s.expires ? ` until ${s.expires}` : ""}: ${s.reason ?? ""}`.trim(),
  });
  analysis.response.add(
    f.fix.versions.length > 0
      ? Enums.Vulnerability.AnalysisResponse.WillNotFix
      : Enums.Vulnerability.AnalysisResponse.CanNotFix,
  );
  return analysis;
}

function suppressionKey(f: Finding): string {
  const s = f.suppressed;
  return s ? `${s.by}\0${s.reference}\0${s.reason ?? ""}\0${s.expires ?? ""}` : "";
}

/** Who publishes an id: GitHub for GHSA, NVD for CVE, the OSV feed it came from otherwise. */
function sourceName(id: string, f?: Finding): string {
  if (id.startsWith("GHSA-")) return "GitHub Advisory Database";
  if (id.startsWith("CVE-")) return "NVD";
  if (id.startsWith("PYSEC-")) return "PyPA Advisory Database";
  if (id.startsWith("GO-")) return "Go Vulnerability Database";
  if (id.startsWith("RUSTSEC-")) return "RustSec Advisory Database";
  return f?.evidence[0]?.found.provider ?? "drydock";
}
