import type { Advisory, AffectedPackage, FixState } from "../../../model/advisory.js";
import { type Diagnostic, diagnostic } from "../../../model/diagnostic.js";
import { normaliseSeverity } from "../../../model/severity.js";
import { debianDistroKey } from "./debian-releases.js";

/** One advisory parsed from a list, or a problem with one line. */
export type ListItem = { advisory: Advisory } | { diagnostic: Diagnostic };

const header = /^\[([^\]]+)\]\s+((?:DSA|DLA|DTSA)-\d+(?:-\d+)?)\s+(\S+)(?:\s+(?:-\s*)?(.*))?$/;
const releaseLine = /^\[([a-z][a-z0-9-]*)\]\s+-\s+(\S+)(?:\s+(.*))?$/;
const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/** What a `<tag>` in place of a version means, in the security tracker's own vocabulary. */
const tagMeanings: Record<string, { status: AffectedPackage["status"]; fix: FixState }> = {
  "not-affected": { status: "not-affected", fix: "unknown" },
  unfixed: { status: "affected", fix: "not-fixed" },
  "end-of-life": { status: "affected", fix: "end-of-life" },
  "no-dsa": { status: "affected", fix: "fix-deferred" },
  postponed: { status: "affected", fix: "fix-deferred" },
  ignored: { status: "affected", fix: "wont-fix" },
  undetermined: { status: "affected", fix: "unknown" },
};

interface Draft {
  advisory: Advisory;
  notes: string[];
}

/**
 * Parses a Debian security tracker advisory list (`data/DSA/list`, `DLA/list`, `DTSA/list`):
 *
 * ```
 * [29 Mar 2023] DSA-5380-1 xorg-server - security update
 * 	{CVE-2023-1393}
 * 	[bullseye] - xorg-server 2:1.20.11-1+deb11u6
 * 	[woody] - phpmyadmin <unfixed> (high)
 * 	NOTE: fixed in testing at time of DSA
 * ```
 *
 * Each header starts one advisory; `{...}` lists its CVEs; each `[codename] - package
 * version` line is the source package's fix in that release (`<not-affected>`, `<unfixed>`,
 * `<end-of-life>`, `<no-dsa>`, `<ignored>`, `<postponed>` in place of a version, with an
 * optional `(urgency)` or `(reason)`). Lines it cannot read become diagnostics and the rest
 * of the advisory is kept. `count` is called once per header.
 */
export async function* parseDebianAdvisoryList(
  lines: AsyncIterable<string>,
  provider: string,
  file: string,
  count: () => void,
): AsyncGenerator<ListItem> {
  let draft: Draft | undefined;
  let lineNumber = 0;
  const problem = (message: string): ListItem => ({
    diagnostic: diagnostic("malformed-record", `line ${lineNumber}: ${message}`, { file, source: provider }),
  });
  for await (const raw of lines) {
    lineNumber++;
    const line = raw.replace(/\s+$/, "");
    if (line === "") continue;
    if (line.startsWith("[") && !/^\s/.test(raw)) {
      if (draft) yield { advisory: finish(draft) };
      draft = undefined;
      count();
      const match = line.match(header);
      if (!match?.[2] || !match[3]) {
        yield problem(`not an advisory header: ${line.slice(0, 120)}`);
        continue;
      }
      draft = startAdvisory(match, provider);
      continue;
    }
    if (draft === undefined) {
      yield problem(`a line outside any advisory: ${line.trim().slice(0, 120)}`);
      continue;
    }
    const body = line.trim();
    if (body.startsWith("{")) {
      readIds(draft.advisory, body);
    } else if (body.startsWith("NOTE:")) {
      draft.notes.push(body.slice(5).trim());
    } else if (body.startsWith("[")) {
      const result = readReleaseLine(body, provider);
      if (typeof result === "string") yield problem(result);
      else draft.advisory.affected.push(result);
    } else {
      yield problem(`unrecognised line: ${body.slice(0, 120)}`);
    }
  }
  if (draft) yield { advisory: finish(draft) };
}

function startAdvisory(match: RegExpMatchArray, provider: string): Draft {
  const [, date, id = "", pkg = "", description] = match;
  const advisory: Advisory = {
    id,
    aliases: [],
    provider,
    summary: description ? `${pkg} - ${description.trim()}` : pkg,
    severities: [],
    references: [{ url: `https://security-tracker.debian.org/tracker/${id}`, type: "advisory" }],
    affected: [],
  };
  const published = parseListDate(date ?? "");
  if (published) advisory.published = published;
  return { advisory, notes: [] };
}

function readIds(advisory: Advisory, body: string): void {
  const ids = body
    .replace(/^\{|\}$/g, "")
    .split(/\s+/)
    .filter((t) => t !== "");
  const related = ids.filter((id) => !/^CVE-\d{4}-\d+$/.test(id));
  advisory.aliases.push(...ids.filter((id) => !related.includes(id)));
  if (related.length > 0) advisory.related = [...(advisory.related ?? []), ...related];
}

function readReleaseLine(body: string, provider: string): AffectedPackage | string {
  const match = body.match(releaseLine);
  if (!match?.[1] || !match[2]) return `unrecognised release line: ${body.slice(0, 120)}`;
  const [, codename, name, rest = ""] = match;
  const distro = debianDistroKey(codename);
  if (distro === undefined) return `unknown release codename [${codename}]: ${body.slice(0, 120)}`;
  const tag = rest.match(/^<([a-z-]+)>\s*(.*)$/);
  const version = tag ? undefined : rest.match(/^([^\s(]+)\s*(.*)$/);
  const remainder = tag?.[2] ?? version?.[2] ?? rest;
  const { urgency, notes } = readParenthesis(remainder);
  let affected: AffectedPackage;
  if (tag?.[1]) {
    const meaning = tagMeanings[tag[1]];
    if (meaning === undefined) return `unknown status <${tag[1]}>: ${body.slice(0, 120)}`;
    affected = {
      ecosystem: "deb",
      distro,
      name,
      nameKind: "source",
      status: meaning.status,
      ranges: meaning.status === "affected" ? [{ scheme: "dpkg", introduced: "0" }] : [],
      fix: { state: meaning.fix, versions: [] },
    };
    notes.unshift(`<${tag[1]}>`);
  } else if (version?.[1]) {
    affected = {
      ecosystem: "deb",
      distro,
      name,
      nameKind: "source",
      status: "affected",
      ranges: [{ scheme: "dpkg", introduced: "0", fixed: version[1] }],
      fix: { state: "fixed", versions: [version[1]] },
    };
  } else {
    return `no version or status: ${body.slice(0, 120)}`;
  }
  if (urgency !== undefined) affected.severity = { source: provider, severity: normaliseSeverity(urgency) };
  if (notes.length > 0) affected.note = notes.join("; ");
  return affected;
}

/** `(bug #332424; medium)` → urgency `medium`, note `bug #332424`. */
function readParenthesis(text: string): { urgency?: string; notes: string[] } {
  const inner = text.trim().match(/^\((.*)\)$/)?.[1];
  if (inner === undefined) return { notes: text.trim() === "" ? [] : [text.trim()] };
  const notes: string[] = [];
  let urgency: string | undefined;
  for (const part of inner.split(";").map((p) => p.trim())) {
    if (/^(unimportant|low|medium|high)\*{0,2}$/.test(part)) urgency = part.replace(/\*+$/, "");
    else if (part !== "") notes.push(part);
  }
  return urgency === undefined ? { notes } : { urgency, notes };
}

function finish(draft: Draft): Advisory {
  const advisory = draft.advisory;
  advisory.aliases = [...new Set(advisory.aliases)];
  if (draft.notes.length > 0) advisory.details = draft.notes.join("\n");
  return advisory;
}

/** `29 Mar 2023` or `August 26th, 2005` → `2023-03-29`; undefined when it is neither. */
export function parseListDate(text: string): string | undefined {
  const short = text.match(/^(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})$/);
  const long = text.match(/^([A-Za-z]+) (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/);
  const day = short?.[1] ?? long?.[2];
  const month = months.indexOf((short?.[2] ?? long?.[1] ?? "").slice(0, 3).toLowerCase());
  const year = short?.[3] ?? long?.[3];
  if (day === undefined || year === undefined || month < 0) return undefined;
  const date = new Date(Date.UTC(Number(year), month, Number(day)));
  if (date.getUTCDate() !== Number(day)) return undefined;
  return date.toISOString().slice(0, 10);
}
