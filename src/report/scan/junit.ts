import { type Finding, type ScanResult, type Severity, severityRank } from "../../model/index.js";
import { escapeMarkup as x } from "./escape-markup.js";
import { compareText, fixedInText, imageName, packageLocation } from "./finding-facts.js";

/** Options of the JUnit report. */
export interface JunitOptions {
  /**
   * Findings at or above this severity are failing test cases, the others pass. Default:
   * every unsuppressed finding fails (as `--fail-on` is usually given to the CI step too,
   * pass the same value here).
   */
  failOn?: Severity;
}

interface Case {
  classname: string;
  name: string;
  body: string;
  failed: boolean;
  skipped: boolean;
}

/**
 * JUnit XML for CI systems (Jenkins, GitLab, Azure DevOps, CircleCI): one `testsuite` per
 * package type, one `testcase` per finding (failing when at or above the threshold, passing
 * below it, skipped when suppressed, with the suppression as the message) and one passing
 * `testcase` per package without findings, so the suite shows what was checked. Suite
 * properties name the image, distro and database. Deterministic: sorted, no timestamps.
 */
export function formatJunit(result: ScanResult, options: JunitOptions = {}): string {
  const floor = severityRank(options.failOn ?? "unknown");
  const byType = new Map<string, Case[]>();
  const add = (type: string, c: Case) => byType.set(type, [...(byType.get(type) ?? []), c]);
  const withFindings = new Set<string>();
  for (const f of result.findings) {
    withFindings.add(f.package.id);
    add(f.package.type, findingCase(result, f, floor));
  }
  for (const p of result.sbom.packages) {
    if (withFindings.has(p.id)) continue;
    add(p.type, {
      classname: `${p.type}.${p.name}`,
      name: `${p.name}@${p.version}: no known vulnerabilities`,
      body: "",
      failed: false,
      skipped: false,
    });
  }
  const suites = [...byType.keys()].sort(compareText).map((type) => {
    const cases = byType
      .get(type)!
      .sort((a, b) => compareText(a.classname, b.classname) || compareText(a.name, b.name));
    return { type, cases, ...count(cases) };
  });
  const total = count(suites.flatMap((s) => s.cases));
  const props = properties(result, options);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${x(`drydock scan ${imageName(result)}`)}" tests="${total.tests}" failures="${total.failures}" errors="0" skipped="${total.skipped}">`,
  ];
  for (const s of suites) {
    lines.push(
      `  <testsuite name="${x(s.type)}" tests="${s.tests}" failures="${s.failures}" errors="0" skipped="${s.skipped}">`,
      "    <properties>",
      ...props.map(([k, v]) => `      <property name="${x(k)}" value="${x(v)}"/>`),
      "    </properties>",
    );
    for (const c of s.cases) {
      const open = `    <testcase classname="${x(c.classname)}" name="${x(c.name)}"`;
      lines.push(c.body ? `${open}>\n${c.body}\n    </testcase>` : `${open}/>`);
    }
    lines.push("  </testsuite>");
  }
  lines.push("</testsuites>", "");
  return lines.join("\n");
}

function findingCase(result: ScanResult, f: Finding, floor: number): Case {
  const v = f.vulnerability;
  const aliases = v.aliases.length > 0 ? ` (${v.aliases.join(", ")})` : "";
  const name = `${v.id}${aliases} in ${f.package.name}@${f.package.version}`;
  const classname = `${f.package.type}.${f.package.name}`;
  if (f.suppressed) {
    const why = `suppressed by ${f.suppressed.reference}${f.suppressed.expires ? ` until ${f.suppressed.expires}` : ""}${
      f.suppressed.reason ? `: ${f.suppressed.reason}` : ""
    }`;
    return { classname, name, body: `      <skipped message="${x(why)}"/>`, failed: false, skipped: true };
  }
  if (severityRank(v.severity) < floor) return { classname, name, body: "", failed: false, skipped: false };
  const fixed = fixedInText(f);
  const message = `${v.severity}: ${f.package.name} ${f.package.version} is affected by ${v.id}${fixed ? `; fixed in: ${fixed}` : ""}`;
  const detail = [
    v.summary ? v.summary.replace(/\s+/g, " ").trim() : undefined,
    `package: ${f.package.purl}`,
    packageLocation(result, f) ? `found in: ${packageLocation(result, f)!.path}` : undefined,
    `installed: ${f.package.version}`,
    `fixed in: ${fixed || "no fix"}`,
    v.references[0] ? `see: ${v.references[0].url}` : undefined,
  ].filter((l): l is string => l !== undefined);
  return {
    classname,
    name,
    body: `      <failure message="${x(message)}" type="${x(v.severity)}">${x(detail.join("\n"))}</failure>`,
    failed: true,
    skipped: false,
  };
}

function count(cases: Case[]): { tests: number; failures: number; skipped: number } {
  return {
    tests: cases.length,
    failures: cases.filter((c) => c.failed).length,
    skipped: cases.filter((c) => c.skipped).length,
  };
}

function properties(result: ScanResult, options: JunitOptions): [string, string][] {
  const { sbom } = result;
  const out: [string, string][] = [["image", imageName(result)]];
  if (sbom.target.digest) out.push(["image.digest", sbom.target.digest]);
  if (sbom.distro) out.push(["distro", [sbom.distro.id, sbom.distro.versionId].filter(Boolean).join(" ")]);
  if (result.db) out.push(["database.built", result.db.built]);
  out.push(["fail-on", options.failOn ?? "any"]);
  return out;
}
