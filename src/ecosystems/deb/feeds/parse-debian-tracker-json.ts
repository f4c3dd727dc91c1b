import type { Advisory, AffectedPackage, FixState } from "../../../model/advisory.js";
import { type Diagnostic, diagnostic } from "../../../model/diagnostic.js";
import { normaliseSeverity } from "../../../model/severity.js";
import { debianDistroKey } from "./debian-releases.js";

export type TrackerItem = { advisory: Advisory } | { diagnostic: Diagnostic };

/**
 * One package's entry in the tracker JSON (https://security-tracker.debian.org/tracker/data/json):
 * `{"CVE-2023-0286": {"description", "scope", "debianbug", "releases": {"bookworm":
 * {"status", "repositories", "fixed_version", "urgency", "nodsa", "nodsa_reason"}}}}`.
 *
 * Reading, per release, with the tracker's own meanings:
 * - `resolved` with `fixed_version` `0`: the release never had the issue → not-affected;
 *   any other `fixed_version`: fixed in it.
 * - `open`: affected, and the fix state says why it is not fixed yet: `nodsa_reason`
 *   `ignored` → wont-fix (the team decided not to fix it), `postponed` → fix-deferred
 *   (to a later update), a bare `nodsa` (minor issue, no advisory; a point release may fix
 *   it) → fix-deferred, urgency `end-of-life` → end-of-life, else not-fixed.
 * - `undetermined`: affected for all we know, fix state unknown.
 * - `urgency` (`unimportant`, `low`, `medium`, `high`, trailing `*` = guessed) is the
 *   release's severity; `not yet assigned` gives none.
 */
export function readTrackerPackage(
  pkg: string,
  value: unknown,
  provider: string,
  file: string,
  count: () => void,
): TrackerItem[] {
  const problem = (message: string): TrackerItem => ({
    diagnostic: diagnostic("malformed-record", `package ${pkg}: ${message}`, { file, source: provider }),
  });
  if (!isObject(value)) return [problem("is not an object of issues")];
  const items: TrackerItem[] = [];
  for (const [id, issue] of Object.entries(value)) {
    count();
    if (!isObject(issue) || !isObject(issue.releases)) {
      items.push(problem(`${id} has no releases object`));
      continue;
    }
    const advisory: Advisory = {
      id,
      aliases: [],
      provider,
      severities: [],
      references: [{ url: `https://security-tracker.debian.org/tracker/${id}`, type: "advisory" }],
      affected: [],
    };
    if (typeof issue.description === "string" && issue.description.trim() !== "") {
      advisory.details = issue.description.trim();
    }
    if (typeof issue.debianbug === "number") {
      advisory.references.push({ url: `https://bugs.debian.org/${issue.debianbug}`, type: "report" });
    }
    for (const [codename, release] of Object.entries(issue.releases)) {
      const distro = debianDistroKey(codename);
      if (distro === undefined) {
        items.push(problem(`${id}: unknown release "${codename}"`));
        continue;
      }
      const affected = readRelease(release, pkg, distro, provider);
      if (typeof affected === "string") items.push(problem(`${id} in ${codename}: ${affected}`));
      else advisory.affected.push(affected);
    }
    items.push({ advisory });
  }
  return items;
}

function readRelease(
  release: unknown,
  name: string,
  distro: string,
  provider: string,
): AffectedPackage | string {
  if (!isObject(release)) return "the release entry is not an object";
  const status = release.status;
  const fixedVersion = typeof release.fixed_version === "string" ? release.fixed_version.trim() : undefined;
  const urgency = typeof release.urgency === "string" ? release.urgency.trim() : "";
  const notes: string[] = [];
  const entry: AffectedPackage = {
    ecosystem: "deb",
    distro,
    name,
    nameKind: "source",
    status: "affected",
    ranges: [{ scheme: "dpkg", introduced: "0" }],
    fix: { state: "not-fixed", versions: [] },
  };
  if (status === "resolved") {
    if (fixedVersion === undefined || fixedVersion === "") return "resolved without a fixed_version";
    if (fixedVersion === "0") {
      entry.status = "not-affected";
      entry.ranges = [];
      entry.fix = { state: "unknown", versions: [] };
      notes.push("not affected (the tracker's fixed_version is 0)");
    } else {
      entry.ranges = [{ scheme: "dpkg", introduced: "0", fixed: fixedVersion }];
      entry.fix = { state: "fixed", versions: [fixedVersion] };
    }
  } else if (status === "open") {
    entry.fix.state = openFixState(release, urgency);
    const nodsa = typeof release.nodsa === "string" ? release.nodsa.trim() : "";
    const reason = typeof release.nodsa_reason === "string" ? release.nodsa_reason.trim() : "";
    if (nodsa !== "" || reason !== "")
      notes.push(`no-dsa${reason ? ` (${reason})` : ""}${nodsa ? `: ${nodsa}` : ""}`);
  } else if (status === "undetermined") {
    entry.fix.state = "unknown";
    notes.push("undetermined in the security tracker");
  } else {
    return `unknown status ${JSON.stringify(status)}`;
  }
  const severity = severityOf(urgency);
  if (severity !== undefined) entry.severity = { source: provider, severity };
  if (urgency === "unimportant") notes.push("unimportant");
  if (notes.length > 0) entry.note = notes.join("; ");
  return entry;
}

function openFixState(release: Record<string, unknown>, urgency: string): FixState {
  const reason = typeof release.nodsa_reason === "string" ? release.nodsa_reason.trim() : "";
  if (reason === "ignored") return "wont-fix";
  if (reason === "postponed") return "fix-deferred";
  if (typeof release.nodsa === "string" || reason !== "") return "fix-deferred";
  if (urgency === "end-of-life") return "end-of-life";
  return "not-fixed";
}

function severityOf(urgency: string): ReturnType<typeof normaliseSeverity> | undefined {
  const word = urgency.replace(/\*+$/, "");
  if (!["unimportant", "low", "medium", "high"].includes(word)) return undefined;
  return normaliseSeverity(word);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
