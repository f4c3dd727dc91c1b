import {
  type AdvisoryDetail,
  type AdvisoryReader,
  normalisePackageName,
  openAdvisoryReader,
} from "../db/index.js";
import {
  describeRange,
  isBulletinId,
  isCveId,
  sourceNameOf,
  type TracedJudgement,
  vulnerabilityUnits,
} from "../match/index.js";
import {
  createSuppressionStep,
  type LoadSuppressionsOptions,
  loadSuppressions,
} from "../match/suppress/index.js";
import type {
  Advisory,
  AffectedPackage,
  Explanation,
  ExplanationKind,
  ExplanationReason,
  Finding,
  Package,
  Sbom,
  SuppressionSource,
} from "../model/index.js";
import { catalogImage } from "./catalog-image.js";
import { resolveDbPath } from "./config.js";
import {
  describeSuppressor,
  describeTerms,
  findNonSuppressors,
  type JudgedSuppressions,
  nameSuppressor,
} from "./explain-suppression.js";
import { runScan, type ScanOptions, type ScanSettingsInput, type TracedScan } from "./scan.js";

/** Options of {@link explainVulnerability}: a scan's, plus the suppression to judge with. */
export interface ExplainOptions extends ScanOptions {
  /**
   * The ignore file and VEX documents, read as `scan --ignore-file/--vex` reads them (the
   * default `.drydock-ignore.yaml` of `cwd` when no ignore file is named), judged at `now`
   * (default: the current time). No suppression when absent.
   */
  suppression?: LoadSuppressionsOptions & { now?: Date };
}

/** Settings of {@link explainInSbom}: the scan settings, and the suppressions to judge with. */
export interface ExplainSettings extends ScanSettingsInput {
  /** Ignore rules and VEX statements (see `loadSuppressions`), judged at `now`. */
  suppressions?: JudgedSuppressions;
}

/**
 * `drydock explain TARGET ID`: scans the image with every judgement kept, then tells exactly
 * why `id` (or any of its aliases) is or is not reported: the finding and its evidence, the
 * ignore rule or VEX statement that suppresses it (or an expired rule that no longer does),
 * the `--only-fixed` filter, the vendor's not-affected statement, an installed
 * version at or above the fix, an OS-owned package (and what the distro says about its
 * owner), advisories that exist only for other releases or other packages, withdrawal, or
 * an id the database does not know.
 * @throws DrydockError DRYDOCK_CONFIG_INVALID for an unreadable or malformed ignore file or
 *   VEX document (read first), DRYDOCK_DB_* and the target errors of catalogImage.
 */
export async function explainVulnerability(
  target: string,
  id: string,
  options: ExplainOptions = {},
): Promise<Explanation> {
  const { suppression, ...scanOptions } = options;
  const suppressions = suppression
    ? { ...(await loadSuppressions(suppression)), now: suppression.now ?? new Date() }
    : undefined;
  const reader = openAdvisoryReader(resolveDbPath(scanOptions.db));
  try {
    const { db: _db, onlyFixed: _f, includeOsOwned: _o, findingSteps: _s, ...catalogOptions } = scanOptions;
    const sbom = await catalogImage(target, catalogOptions);
    return await explainInSbom(sbom, id, reader, {
      ...scanOptions,
      ...(suppressions ? { suppressions } : {}),
    });
  } finally {
    reader.close();
  }
}

/** {@link explainVulnerability} over an SBOM and an open reader. */
export async function explainInSbom(
  sbom: Sbom,
  query: string,
  reader: AdvisoryReader,
  settings: ExplainSettings = {},
): Promise<Explanation> {
  const asked = query.trim();
  const details = await reader.byId(asked);
  const ids = flawIds(
    asked,
    details.map((d) => d.advisory),
  );
  const { suppressions } = settings;
  const steps = [
    ...(settings.findingSteps ?? []),
    ...(suppressions ? [createSuppressionStep(suppressions, suppressions.now)] : []),
  ];
  const scan = await runScan(
    sbom,
    reader,
    {
      ...(settings.onlyFixed !== undefined ? { onlyFixed: settings.onlyFixed } : {}),
      ...(settings.includeOsOwned !== undefined ? { includeOsOwned: settings.includeOsOwned } : {}),
      findingSteps: steps,
    },
    true,
  );
  const reasons: ExplanationReason[] = [
    ...findingReasons(scan, ids, suppressions),
    ...judgementReasons(scan, ids),
    ...unjudgedReasons(sbom, scan, ids, details),
    ...withdrawnReasons(details, ids),
  ];
  if (reasons.length === 0 && details.length === 0) {
    reasons.push({
      kind: "unknown-id",
      message: `the database has no advisory with the id or alias ${asked}`,
    });
  } else if (reasons.length === 0) {
    const entries = [
      ...new Set(
        details.flatMap(({ advisory }) =>
          advisory.affected.map((af) => `${af.ecosystem}${af.distro ? ` (${af.distro})` : ""} ${af.name}`),
        ),
      ),
    ].sort();
    reasons.push({
      kind: "not-installed",
      message: `the advisories for ${asked} name ${entries.slice(0, 6).join(", ")}${entries.length > 6 ? `, and ${entries.length - 6} more` : ""}: none is a package of this image or of its release`,
    });
  }
  const reported = reasons.some((r) => r.kind === "reported");
  const explanation: Explanation = {
    query: asked,
    ids: [...ids].sort(),
    target: sbom.target,
    reported,
    verdict: verdictOf(asked, reasons),
    reasons,
  };
  if (sbom.distro) explanation.distro = sbom.distro;
  return explanation;
}

/**
 * The ids of the flaw asked about: the id, and the ids and aliases of every advisory that
 * names it (a bulletin asked by its id stands for each CVE it fixes). A bulletin's other
 * CVEs are never pulled in when one CVE is asked.
 */
function flawIds(asked: string, advisories: Advisory[]): Set<string> {
  const ids = new Set([asked.toUpperCase()]);
  for (let pass = 0; pass < 2; pass++) {
    for (const a of advisories) {
      for (const unit of vulnerabilityUnits(a)) {
        const names = unit.ids.map((i) => i.toUpperCase());
        const bulletinAsked = isBulletinId(asked) && unit.related.some((r) => ids.has(r.toUpperCase()));
        if (bulletinAsked || names.some((n) => ids.has(n))) for (const n of names) ids.add(n);
      }
    }
  }
  return ids;
}

function mentions(finding: Finding, ids: Set<string>): boolean {
  return [finding.vulnerability.id, ...finding.vulnerability.aliases].some((i) => ids.has(i.toUpperCase()));
}

function judgementMentions(t: TracedJudgement, ids: Set<string>): boolean {
  return vulnerabilityUnits(t.candidate.advisory).some(
    (u) => u.ids.some((i) => ids.has(i.toUpperCase())) || u.related.some((r) => ids.has(r.toUpperCase())),
  );
}

function packageRef(p: Pick<Package, "id" | "name" | "version" | "type" | "purl">) {
  return { id: p.id, name: p.name, version: p.version, type: p.type, purl: p.purl };
}

function findingReasons(
  scan: TracedScan,
  ids: Set<string>,
  suppressions: JudgedSuppressions | undefined,
): ExplanationReason[] {
  const target = scan.result.sbom.target;
  const out: ExplanationReason[] = [];
  for (const f of scan.result.findings.filter((x) => mentions(x, ids))) {
    const e = f.evidence[0];
    const how = f.evidence
      .map(
        (ev) =>
          `${ev.found.provider} ${ev.found.advisoryId}${ev.found.range ? ` range ${describeRange(ev.found.range)}` : ""}`,
      )
      .join("; ");
    const fix = f.fix.versions.length
      ? `fixed in ${f.fix.versions.join(", ")}`
      : (f.vendorState ?? f.fix.state);
    const suppressor = describeSuppressor(f, suppressions, target);
    const base: ExplanationReason = {
      kind: suppressor ? "suppressed" : "reported",
      message: suppressor
        ? `${who(f)} is affected (${how}) but suppressed by ${nameSuppressor(suppressor)}: ${describeTerms(suppressor)}`
        : `${who(f)} is affected: ${how} (matched by ${e?.matcher ?? "?"} searching ${searched(e?.searchedBy)}); ${fix}`,
      package: packageRef(f.package),
      finding: f,
      fixedIn: f.fix.versions,
      installed: f.package.version,
    };
    if (suppressor) base.suppression = suppressor;
    if (e) {
      base.provider = e.found.provider;
      base.advisoryId = e.found.advisoryId;
      base.searchedBy = e.searchedBy;
      if (e.found.range) base.range = e.found.range;
    }
    out.push(base, ...notSuppressedReasons(f, suppressions, target, false));
  }
  for (const f of scan.hiddenFindings.filter((x) => mentions(x, ids))) {
    const suppressor = describeSuppressor(f, suppressions, target);
    const reason: ExplanationReason = {
      kind: "hidden",
      message: `${who(f)} is affected but has no fixed version (${f.vendorState ?? f.fix.state}), and --only-fixed leaves such findings out${suppressor ? `; it is also suppressed by ${nameSuppressor(suppressor)}: ${describeTerms(suppressor)}` : ""}`,
      package: packageRef(f.package),
      finding: f,
    };
    if (suppressor) reason.suppression = suppressor;
    out.push(reason, ...notSuppressedReasons(f, suppressions, target, true));
  }
  return out;
}

/**
 * Expired ignore rules that match the finding, and VEX statements that cover it but do not
 * suppress it, each with what became of the finding.
 */
function notSuppressedReasons(
  f: Finding,
  suppressions: JudgedSuppressions | undefined,
  target: Sbom["target"],
  hidden: boolean,
): ExplanationReason[] {
  if (!suppressions) return [];
  const outcome = f.suppressed
    ? `the finding is suppressed by ${f.suppressed.by === "vex" ? "VEX" : "ignore rule"} ${f.suppressed.reference} instead`
    : hidden
      ? "the finding is not suppressed (--only-fixed hides it)"
      : "the finding is reported";
  return findNonSuppressors(f, suppressions, target).map(({ source, decider }) => {
    let message: string;
    if (source.by === "ignore-rule") {
      message = `${nameSuppressor(source)} matches ${who(f)} (reason "${source.reason}") but expired on ${source.expires}, and an expired rule no longer suppresses: ${outcome}`;
    } else if (decider) {
      message = `${nameSuppressor(source)} covers ${who(f)} (${describeTerms(source)}) but the more recent ${nameSuppressor(decider)} decides (${describeTerms(decider)}): ${outcome}`;
    } else {
      message = `${nameSuppressor(source)} covers ${who(f)} (${describeTerms(source)}) and status ${source.status} does not suppress: ${outcome}`;
    }
    return {
      kind: "not-suppressed" as const,
      message,
      package: packageRef(f.package),
      finding: f,
      suppression: source,
    };
  });
}

function who(f: Finding): string {
  return `${f.package.type} ${f.package.name} ${f.package.version}`;
}

const verdictKinds: Record<string, ExplanationKind> = {
  "not-affected": "vendor-not-affected",
  fixed: "fixed",
  "out-of-range": "out-of-range",
  unknown: "not-evaluated",
  skipped: "not-applicable",
};

/** Reasons from every non-affected judgement of a candidate that names the flaw. */
function judgementReasons(scan: TracedScan, ids: Set<string>): ExplanationReason[] {
  const relevant = scan.outcome.judgements.filter((t) => judgementMentions(t, ids));
  const out: ExplanationReason[] = [];
  const seen = new Set<string>();
  for (const t of relevant) {
    if (t.ownedOnly) continue;
    if (t.judgement.verdict === "affected") continue;
    const reason = reasonOf(t);
    // The binary-name lookup of a source-keyed feed (and vice versa) is an implementation detail.
    if (isNameKindSkip(t)) continue;
    const key = `${t.pkg.id}|${reason.kind}|${t.candidate.advisory.provider}|${t.candidate.advisory.id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(reason);
  }
  // OS-owned language packages: what their ecosystem says, and what the distro says about the owner.
  const owned = new Map<Package, TracedJudgement[]>();
  for (const t of relevant.filter((x) => x.ownedOnly)) owned.set(t.pkg, [...(owned.get(t.pkg) ?? []), t]);
  for (const [pkg, list] of owned) {
    const o = pkg.ownedBy!;
    const ownerPkg = scan.result.sbom.packages.find((p) => p.type === o.type && p.name === o.name);
    const ownerReasons: ExplanationReason[] = [];
    if (ownerPkg) {
      for (const f of scan.result.findings.filter((x) => x.package.id === ownerPkg.id && mentions(x, ids))) {
        ownerReasons.push({
          kind: "reported",
          message: `the distro reports ${ownerPkg.name} ${ownerPkg.version} affected (${f.vulnerability.id})`,
          package: packageRef(ownerPkg),
          finding: f,
        });
      }
      for (const t of relevant.filter((x) => x.pkg === ownerPkg && x.judgement.verdict !== "affected")) {
        if (t.judgement.verdict === "skipped") continue;
        ownerReasons.push(reasonOf(t));
      }
    }
    if (ownerReasons.length === 0) {
      ownerReasons.push({
        kind: "other-release",
        message: `the distro's advisories for ${scan.result.sbom.distro ? distroKeyOf(ownerPkg) : "this release"} do not name ${ownerPkg ? sourceNameOf(ownerPkg) : o.name} for this vulnerability`,
      });
    }
    const eco = list.find((t) => t.judgement.verdict === "affected") ?? list[0]!;
    const ecoSays =
      eco.judgement.verdict === "affected"
        ? `${eco.candidate.advisory.provider} ${eco.candidate.advisory.id} would match ${pkg.version}${eco.judgement.range ? ` (range ${describeRange(eco.judgement.range)})` : ""}`
        : `${eco.candidate.advisory.provider} ${eco.candidate.advisory.id} does not match it either (${eco.judgement.verdict})`;
    out.push({
      kind: "os-owned",
      message: `${pkg.type} ${pkg.name} ${pkg.version} belongs to the ${o.type} package ${o.name}${o.version ? ` ${o.version}` : ""}, so it is judged by the distro's advisories, not ${eco.candidate.advisory.provider} (${ecoSays}); the distro: ${ownerReasons.map((r) => r.message).join("; ")}`,
      package: packageRef(pkg),
      provider: eco.candidate.advisory.provider,
      advisoryId: eco.candidate.advisory.id,
      owner: {
        type: o.type,
        name: o.name,
        ...(o.version ? { version: o.version } : {}),
        reasons: ownerReasons,
      },
    });
  }
  return out;
}

/** A candidate found under the package's other name (binary vs source): not about this package. */
function isNameKindSkip(t: TracedJudgement): boolean {
  return t.judgement.verdict === "skipped" && t.judgement.code === "name-kind";
}

function distroKeyOf(pkg: Package | undefined): string {
  return pkg?.distro ?? "this release";
}

function reasonOf(t: TracedJudgement): ExplanationReason {
  const { pkg, candidate, judgement } = t;
  const { advisory, query } = candidate;
  const who = `${pkg.type} ${pkg.name} ${pkg.version}`;
  const where = `${advisory.provider} ${advisory.id}`;
  const base = {
    package: packageRef(pkg),
    provider: advisory.provider,
    advisoryId: advisory.id,
    searchedBy: {
      ecosystem: query.ecosystem,
      ...(query.distro ? { distro: query.distro } : {}),
      name: query.name,
      version: query.version,
    },
    installed: query.version,
  };
  switch (judgement.verdict) {
    case "not-affected":
      return {
        ...base,
        kind: "vendor-not-affected",
        message: `${where} says ${query.name} in ${query.distro ?? query.ecosystem} is not affected: ${judgement.reason}`,
      };
    case "fixed":
      return {
        ...base,
        kind: "fixed",
        message: `${who}: installed ${query.version} is at or above the fix ${judgement.fixedIn} (${where}${query.name !== pkg.name ? `, source package ${query.name}` : ""})`,
        fixedIn: [judgement.fixedIn],
        ...(judgement.range ? { range: judgement.range } : {}),
      };
    case "out-of-range":
      return { ...base, kind: "out-of-range", message: `${who}: ${judgement.reason} (${where})` };
    case "unknown":
      return {
        ...base,
        kind: "not-evaluated",
        message: `${who}: ${where} could not be evaluated: ${judgement.reason}`,
      };
    case "skipped":
      return {
        ...base,
        kind: verdictKinds.skipped!,
        message: `${who}: ${where} does not apply: ${judgement.reason}`,
      };
    default:
      return { ...base, kind: "reported", message: `${who} is affected (${where})` };
  }
}

/**
 * Advisory entries no package was judged against: entries for other releases of the
 * image's distro packages (the "no advisory for this release" answer, with the releases
 * that have one), and entries for packages the image does not have.
 */
function unjudgedReasons(
  sbom: Sbom,
  scan: TracedScan,
  ids: Set<string>,
  details: AdvisoryDetail[],
): ExplanationReason[] {
  const judged = new Set(
    scan.outcome.judgements.map(
      (t) => `${t.candidate.advisory.provider}|${t.candidate.advisory.id}|${entryKey(t.candidate.affected)}`,
    ),
  );
  // Packages judged against their own release's entry need no word about other releases.
  const judgedPackages = new Set(
    scan.outcome.judgements.filter((t) => judgementMentions(t, ids) && !isNameKindSkip(t)).map((t) => t.pkg),
  );
  const imageReleases = new Set(sbom.packages.map((p) => p.distro).filter((d): d is string => Boolean(d)));
  const otherRelease = new Map<Package, { distro: string; name: string; provider: string }[]>();
  const missing = new Map<string, string>();
  for (const { advisory } of details) {
    if (advisory.withdrawn) continue;
    if (
      !vulnerabilityUnits(advisory).some(
        (u) => u.ids.some((i) => ids.has(i.toUpperCase())) || u.related.some((r) => ids.has(r.toUpperCase())),
      )
    )
      continue;
    for (const af of advisory.affected) {
      if (judged.has(`${advisory.provider}|${advisory.id}|${entryKey(af)}`)) continue;
      if (af.ecosystem === "git") continue;
      const pkgs = sbom.packages.filter(
        (p) => p.type === af.ecosystem && namesOf(p).includes(normalisePackageName(af.ecosystem, af.name)),
      );
      if (af.distro && pkgs.length > 0) {
        for (const p of pkgs) {
          if (p.distro === af.distro || judgedPackages.has(p)) continue;
          const list = otherRelease.get(p) ?? [];
          if (!list.some((r) => r.distro === af.distro && r.name === af.name))
            list.push({ distro: af.distro, name: af.name, provider: advisory.provider });
          otherRelease.set(p, list);
        }
      } else if (pkgs.length === 0 && (!af.distro || imageReleases.has(af.distro))) {
        missing.set(`${af.ecosystem}${af.distro ? ` (${af.distro})` : ""} ${af.name}`, advisory.provider);
      }
    }
  }
  const out: ExplanationReason[] = [];
  for (const [pkg, releases] of otherRelease) {
    releases.sort((a, b) => a.distro.localeCompare(b.distro));
    out.push({
      kind: "other-release",
      message: `${pkg.type} ${pkg.name} ${pkg.version}: no advisory for ${pkg.distro ?? "this (unknown) release"}${sourceNameOf(pkg) !== pkg.name ? ` (source ${sourceNameOf(pkg)})` : ""}; advisories exist for ${releases.map((r) => `${r.distro} (${r.name}, ${r.provider})`).join(", ")}${pkg.distro ? `, which ${pkg.distro} images are not matched against` : ""}`,
      package: packageRef(pkg),
      releases,
    });
  }
  // The fallback answer only: when nothing in the image was judged for this flaw.
  if (
    missing.size > 0 &&
    out.length === 0 &&
    judgedPackages.size === 0 &&
    !scan.result.findings.some((f) => mentions(f, ids))
  ) {
    const names = [...missing.keys()].sort();
    out.push({
      kind: "not-installed",
      message: `the advisories name ${names.slice(0, 8).join(", ")}${names.length > 8 ? `, and ${names.length - 8} more` : ""}: none of them is in this image`,
    });
  }
  return out;
}

function namesOf(pkg: Package): string[] {
  const names = [pkg.name, sourceNameOf(pkg)];
  const purlName = /^pkg:maven\/([^/@?#]+)\/([^/@?#]+)@/.exec(pkg.purl);
  if (purlName?.[1] && purlName[2])
    names.push(`${decodeURIComponent(purlName[1])}:${decodeURIComponent(purlName[2])}`);
  return [...new Set(names.map((n) => normalisePackageName(pkg.type, n)))];
}

function entryKey(af: AffectedPackage): string {
  return `${af.ecosystem}|${af.distro ?? ""}|${normalisePackageName(af.ecosystem, af.name)}`;
}

function withdrawnReasons(details: AdvisoryDetail[], ids: Set<string>): ExplanationReason[] {
  return details
    .filter(
      ({ advisory }) =>
        advisory.withdrawn && [advisory.id, ...advisory.aliases].some((i) => ids.has(i.toUpperCase())),
    )
    .map(({ advisory }) => ({
      kind: "withdrawn" as const,
      message: `${advisory.provider} ${advisory.id} was ${isCveId(advisory.id) && advisory.provider.startsWith("nvd") ? "rejected" : "withdrawn"} on ${advisory.withdrawn}: withdrawn advisories never match`,
      provider: advisory.provider,
      advisoryId: advisory.id,
    }));
}

function verdictOf(asked: string, reasons: ExplanationReason[]): string {
  const reported = reasons.filter((r) => r.kind === "reported");
  if (reported.length > 0) {
    const pkgs = [...new Set(reported.map((r) => `${r.package?.name} ${r.package?.version}`))];
    const notes = unique(
      reasons
        .filter((r) => r.kind === "not-suppressed" && r.suppression && !r.finding?.suppressed)
        .map((r) => brief(r.suppression!)),
    );
    return `${asked} is reported for ${pkgs.length} package(s): ${pkgs.join(", ")}${notes.length ? `; ${notes.join("; ")}` : ""}`;
  }
  const kinds = unique(reasons.map((r) => r.kind).filter((k) => k !== "not-suppressed"));
  const words = kinds.map((k) => {
    if (k !== "suppressed") return kindWords[k];
    const by = unique(reasons.filter((r) => r.kind === k && r.suppression).map((r) => brief(r.suppression!)));
    return by.length ? `suppressed by ${by.join(", ")}` : kindWords[k];
  });
  return `${asked} is not reported: ${words.join("; ")}`;
}

/** A rule or statement and its effect, in a few words: "ignore rule 2 of F expired on D". */
function brief(s: SuppressionSource): string {
  if (s.by === "ignore-rule") {
    if (s.expired) return `${nameSuppressor(s)} expired on ${s.expires}`;
    return `${nameSuppressor(s)} (${s.expires ? `expires ${s.expires}` : "no expiry"})`;
  }
  return s.status ? `${nameSuppressor(s)} (${s.status})` : nameSuppressor(s);
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

const kindWords: Record<ExplanationKind, string> = {
  reported: "reported",
  suppressed: "suppressed by a VEX statement or ignore rule",
  "not-suppressed": "an ignore rule has expired or a VEX statement does not suppress",
  hidden: "hidden by --only-fixed (no fix yet)",
  "vendor-not-affected": "the vendor says not affected",
  fixed: "the installed version is at or above the fix",
  "out-of-range": "the installed version is outside the affected ranges",
  "not-evaluated": "a version could not be evaluated",
  "not-applicable": "the advisory does not apply to the installed package",
  "os-owned": "the package belongs to an OS package and is judged by the distro",
  "other-release": "no advisory for this distro release",
  "not-installed": "the affected packages are not in the image",
  withdrawn: "the advisory was withdrawn",
  "unknown-id": "the database does not know this id",
};

function searched(
  s: { ecosystem: string; distro?: string; name: string; version: string } | undefined,
): string {
  if (!s) return "?";
  return `${s.distro ?? s.ecosystem} ${s.name} ${s.version}`;
}
