import { createHash } from "node:crypto";
import type { Log, Notification, ReportingDescriptor, Result } from "sarif";
import { type Finding, type ScanResult, type Severity, severityRank } from "../../model/index.js";
import { vulnerabilityUrl } from "./advisory-url.js";
import { compareText, fixedInText, imageName, introducingLayer, packageLocation } from "./finding-facts.js";
import { securitySeverity } from "./security-severity.js";

/** SARIF result level per severity: GitHub shows `error` as an error, `note` as a note. */
const levelOf: Record<Severity, Result.level> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  negligible: "note",
  unknown: "note",
};

/** The base the relative artifact URIs resolve against: the root of the image filesystem. */
const rootBase = "ROOTPATH";

/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/) of a scan, for GitHub code
 * scanning and other SARIF viewers: one rule per vulnerability id (short description, help
 * URI, `security-severity` for ranking, tags), one result per finding with its level from
 * the severity, a message naming package, installed and fixed versions, the package's file in
 * the image as a relative URI, and a partial fingerprint that stays the same across rescans
 * and upgrades of the same package. Suppressed findings are kept with `suppressions` (kind
 * external, status accepted, the rule's or statement's justification), as SARIF intends.
 * Catalog and match warnings become tool execution notifications. Deterministic: rules and
 * results sorted, no timestamps.
 */
export function buildSarifLog(result: ScanResult): Log {
  const byRule = new Map<string, Finding[]>();
  for (const f of result.findings)
    byRule.set(f.vulnerability.id, [...(byRule.get(f.vulnerability.id) ?? []), f]);
  const ruleIds = [...byRule.keys()].sort(compareText);
  const rules = ruleIds.map((id) => toRule(id, byRule.get(id)!));
  const results = ruleIds.flatMap((id, ruleIndex) =>
    byRule
      .get(id)!
      .map((f) => toResult(result, f, ruleIndex))
      .sort((a, b) => compareText(resultKey(a), resultKey(b))),
  );
  const notifications = [...result.sbom.diagnostics, ...result.diagnostics]
    .filter((d) => d.level !== "info")
    .map(
      (d): Notification => ({
        level: d.level === "error" ? "error" : "warning",
        message: { text: d.file ? `${d.file}: ${d.message}` : d.message },
        descriptor: { id: d.code },
      }),
    );
  const { sbom } = result;
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "drydock",
            version: sbom.generator.version,
            semanticVersion: sbom.generator.version,
            rules,
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
          },
        ],
        originalUriBaseIds: {
          [rootBase]: { uri: "file:///", description: { text: "The root of the image filesystem." } },
        },
        results,
        properties: {
          image: imageName(result),
          ...(sbom.target.digest ? { imageDigest: sbom.target.digest } : {}),
          ...(sbom.target.platform ? { platform: sbom.target.platform } : {}),
          ...(sbom.distro
            ? { distro: [sbom.distro.id, sbom.distro.versionId].filter(Boolean).join(" ") }
            : {}),
          ...(result.db ? { databaseBuilt: result.db.built } : {}),
        },
      },
    ],
  };
}

/** {@link buildSarifLog} as JSON text. */
export function formatSarif(result: ScanResult): string {
  return `${JSON.stringify(buildSarifLog(result), null, 2)}\n`;
}

function toRule(id: string, findings: Finding[]): ReportingDescriptor {
  const worst = findings.reduce((a, b) =>
    severityRank(b.vulnerability.severity) > severityRank(a.vulnerability.severity) ? b : a,
  );
  const v = worst.vulnerability;
  const title =
    v.summary?.trim() ||
    `${id} in ${[...new Set(findings.map((f) => f.package.name))].sort(compareText).join(", ")}`;
  const aliases = v.aliases.length > 0 ? ` (${v.aliases.join(", ")})` : "";
  const url = vulnerabilityUrl(v);
  const score = Math.max(...findings.map((f) => securitySeverity(f) ?? -1));
  const rows = [...findings]
    .sort(
      (a, b) =>
        compareText(a.package.name, b.package.name) || compareText(a.package.version, b.package.version),
    )
    .map(
      (f) =>
        `| ${md(f.package.name)} | ${md(f.package.version)} | ${md(fixedInText(f) || "-")} | ${f.vulnerability.severity} |`,
    );
  return {
    id,
    shortDescription: { text: oneLine(title) },
    fullDescription: { text: `${oneLine(title)}${aliases}` },
    ...(url ? { helpUri: url } : {}),
    help: {
      text: `${id}${aliases}: ${oneLine(title)}. Affected packages: ${findings
        .map((f) => `${f.package.name} ${f.package.version} (fixed in: ${fixedInText(f) || "-"})`)
        .sort(compareText)
        .join("; ")}.`,
      markdown: [
        `**${md(id)}**${md(aliases)}: ${md(oneLine(title))}`,
        "",
        "| Package | Installed | Fixed in | Severity |",
        "| --- | --- | --- | --- |",
        ...rows,
        ...(url ? ["", `[${md(id)}](${url})`] : []),
      ].join("\n"),
    },
    defaultConfiguration: { level: levelOf[v.severity] },
    properties: {
      ...(score >= 0 ? { "security-severity": score.toFixed(1) } : {}),
      tags: ["security", "vulnerability", v.severity, ...(v.cwes ?? [])].filter(
        (t, i, all) => all.indexOf(t) === i,
      ),
      precision: "very-high",
    },
  };
}

function toResult(result: ScanResult, f: Finding, ruleIndex: number): Result {
  const v = f.vulnerability;
  const location = packageLocation(result, f);
  const layer = introducingLayer(result, f);
  const uri = location ? toRelativeUri(location.path) : undefined;
  const fixed = fixedInText(f);
  const aliases = v.aliases.length > 0 ? ` (${v.aliases.join(", ")})` : "";
  const fixText =
    f.fix.versions.length > 0
      ? `Fixed in ${f.fix.versions.join(", ")}.`
      : fixed
        ? `No fixed version (${fixed}).`
        : "No fixed version.";
  return {
    ruleId: v.id,
    ruleIndex,
    kind: "fail",
    level: levelOf[v.severity],
    message: {
      text: `${f.package.name} ${f.package.version} (${f.package.type}) is affected by ${v.id}${aliases}, severity ${v.severity}. ${fixText}${
        v.summary ? ` ${oneLine(v.summary)}` : ""
      }`,
    },
    ...(uri
      ? {
          locations: [
            {
              physicalLocation: { artifactLocation: { uri, uriBaseId: rootBase }, region: { startLine: 1 } },
              ...(layer
                ? {
                    message: {
                      text: `Layer ${layer.index}${layer.createdBy ? `: ${oneLine(layer.createdBy)}` : ""}`,
                    },
                  }
                : {}),
            },
          ],
        }
      : {}),
    partialFingerprints: { "drydockFinding/v1": fingerprint(f, location?.path ?? "") },
    ...(f.suppressed
      ? {
          suppressions: [
            {
              kind: "external",
              status: "accepted",
              justification:
                [f.suppressed.reason, f.suppressed.expires ? `expires ${f.suppressed.expires}` : ""]
                  .filter(Boolean)
                  .join("; ") || f.suppressed.reference,
              properties: {
                by: f.suppressed.by,
                reference: f.suppressed.reference,
                ...(f.suppressed.expires ? { expires: f.suppressed.expires } : {}),
              },
            },
          ],
        }
      : {}),
    properties: {
      purl: f.package.purl,
      packageType: f.package.type,
      installedVersion: f.package.version,
      fixedVersions: f.fix.versions,
      fixState: f.fix.state,
      severity: v.severity,
      ...(f.vendorState ? { vendorState: f.vendorState } : {}),
      ...(layer ? { layer: layer.diffId } : {}),
      ...(v.epss ? { epss: v.epss.score } : {}),
      ...(v.kev ? { kev: true } : {}),
    },
  };
}

/** Same vulnerability, package name and type, and file: the same alert, whatever the version. */
function fingerprint(f: Finding, path: string): string {
  return createHash("sha256")
    .update(`${f.vulnerability.id}\0${f.package.type}\0${f.package.name}\0${path}`)
    .digest("hex")
    .slice(0, 32);
}

/** An image path as a relative URI reference: no leading slash, each segment escaped. */
function toRelativeUri(path: string): string {
  return path
    .replace(/^\/+/, "")
    .split("/")
    .map((segment) => encodeURIComponent(segment).replace(/%40/g, "@").replace(/%2B/g, "+"))
    .join("/");
}

function resultKey(r: Result): string {
  const p = r.properties as { purl: string };
  return `${p.purl}\0${r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? ""}`;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** Escapes the characters Markdown tables and emphasis give meaning to. */
function md(s: string): string {
  return s.replace(/[\\|*_`[\]<>]/g, (c) => `\\${c}`);
}
