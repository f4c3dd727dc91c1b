/** One pinned requirement of a pip requirements file. */
export interface PinnedRequirement {
  name: string;
  version: string;
  extras: string[];
  /** PEP 508 environment marker, as written (`python_version < "3.8"`). */
  markers?: string;
  /** `--hash=algo:hex` values. */
  hashes: string[];
  /** 1-based line where the requirement starts. */
  line: number;
}

export interface RequirementsFile {
  pinned: PinnedRequirement[];
  /** `-r` / `-c` references to other files (not followed). */
  includes: { option: string; target: string; line: number }[];
  /** Requirements without an exact `==` / `===` pin (ranges, URLs, paths, editables). */
  unpinned: number;
}

const includeOptions = new Set(["-r", "--requirement", "-c", "--constraint"]);

/**
 * Reads a pip requirements file (https://pip.pypa.io/en/stable/reference/requirements-file-format/):
 * `\` continuations, `#` comments, option lines, per-requirement `--hash` options, extras and
 * environment markers. Only exact pins name an installed version; everything else is counted.
 */
export function parseRequirements(text: string): RequirementsFile {
  const out: RequirementsFile = { pinned: [], includes: [], unpinned: 0 };
  for (const { content, line } of splitLogicalLines(text)) {
    const stripped = stripComment(content).trim();
    if (stripped === "") continue;
    if (stripped.startsWith("-")) {
      const option = /^(-[a-zA-Z]|--[a-z-]+)(?:\s*=\s*|\s+)?(.*)$/.exec(stripped);
      if (option?.[1] && includeOptions.has(option[1])) {
        out.includes.push({ option: option[1], target: (option[2] ?? "").trim(), line });
      } else if (option?.[1] === "-e" || option?.[1] === "--editable") {
        out.unpinned++;
      }
      continue;
    }
    const requirement = readRequirement(stripped, line);
    if (requirement) out.pinned.push(requirement);
    else out.unpinned++;
  }
  return out;
}

function readRequirement(text: string, line: number): PinnedRequirement | undefined {
  const hashes = [...text.matchAll(/--hash[=\s]+(\S+)/g)].map((m) => m[1] ?? "");
  const optionAt = text.search(/\s--?[a-z]/);
  const spec = optionAt < 0 ? text : text.slice(0, optionAt);
  const semicolon = spec.indexOf(";");
  const requirement = (semicolon < 0 ? spec : spec.slice(0, semicolon)).trim();
  const markers = semicolon < 0 ? undefined : spec.slice(semicolon + 1).trim();
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[([^\]]*)\])?\s*(.*)$/.exec(requirement);
  if (!match?.[1]) return undefined;
  const rest = (match[3] ?? "").trim().replace(/^\((.*)\)$/, "$1");
  if (rest.startsWith("@")) return undefined; // direct URL reference: no version
  const version = readPinnedVersion(rest);
  if (version === undefined) return undefined;
  const pinned: PinnedRequirement = {
    name: match[1],
    version,
    extras: (match[2] ?? "")
      .split(",")
      .map((e) => e.trim())
      .filter(Boolean),
    hashes,
    line,
  };
  if (markers) pinned.markers = markers;
  return pinned;
}

/** The version an exact `==V` (no wildcard) or `===V` clause fixes, if any. */
function readPinnedVersion(specifiers: string): string | undefined {
  for (const clause of specifiers.split(",")) {
    const match = /^\s*(===?)\s*([^\s,]+)\s*$/.exec(clause);
    if (!match?.[2]) continue;
    const version = match[2];
    if (match[1] === "==" && version.includes("*")) continue;
    if (version.includes("${") || version.includes("$(")) continue;
    return version;
  }
  return undefined;
}

/** Joins `\`-continued physical lines; each logical line keeps the number of its first line. */
function* splitLogicalLines(text: string): Generator<{ content: string; line: number }> {
  const lines = text.split(/\r?\n/);
  let pending = "";
  let start = 1;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    if (pending === "") start = i + 1;
    const continued = /(^|[^\\])(\\\\)*\\$/.test(raw);
    pending += continued ? `${raw.slice(0, -1)} ` : raw;
    if (!continued) {
      yield { content: pending, line: start };
      pending = "";
    }
  }
  if (pending !== "") yield { content: pending, line: start };
}

/** A `#` at the start of a line or after whitespace starts a comment. */
function stripComment(line: string): string {
  const match = /(^|\s)#/.exec(line);
  return match ? line.slice(0, match.index) : line;
}
