import { checkDpkgVersion } from "./check-dpkg-version.js";
import { parseDeb822 } from "./parse-deb822.js";

/** An installed package as dpkg records it. */
export interface DpkgRecord {
  name: string;
  version: string;
  arch?: string;
  source: { name: string; version: string };
  /** The third word of `Status` (`installed`, `unpacked`, `half-installed`, ...). */
  state: string;
  maintainer?: string;
  /** `Installed-Size`, KiB. */
  installedSize?: number;
  multiArch?: string;
}

/**
 * Package states whose files are on disk. `not-installed` and `config-files` (removed,
 * only conffiles left) are not: dpkg-query lists them, a scanner must not. The want flag
 * (`install`, `hold`, `deinstall`, `purge`) is intent only: `deinstall ok installed` is
 * still installed. `half-installed` (an unpack or removal that stopped midway) is
 * reported, flagged, since its files may be partly there.
 */
const presentStates = new Set([
  "installed",
  "unpacked",
  "half-configured",
  "triggers-awaited",
  "triggers-pending",
  "half-installed",
]);
const absentStates = new Set(["not-installed", "config-files"]);
const wants = new Set(["unknown", "install", "hold", "deinstall", "purge"]);
const errorFlags = new Set(["ok", "reinstreq"]);
/** Problems kept one by one; beyond that they are only counted (junk input makes millions). */
const maxProblems = 50;

/** A problem with one stanza or line, reported by the caller as a diagnostic. */
export interface DpkgProblem {
  level: "warning" | "info";
  message: string;
}

/**
 * Parses a dpkg status file (`/var/lib/dpkg/status`) or one distroless
 * `status.d/<package>` file. In the status file a stanza without `Status` is not an
 * installed package; status.d files carry no `Status` (everything there is installed).
 * Stanzas that cannot be read (no name, no version, bad status, a version dpkg refuses)
 * become problems; the rest of the file is still read.
 */
export function parseDpkgStatus(
  text: string,
  options: { requireStatus: boolean },
): { records: DpkgRecord[]; problems: DpkgProblem[] } {
  const records: DpkgRecord[] = [];
  const problems: DpkgProblem[] = [];
  let dropped = 0;
  const syntax = parseDeb822(text, ({ fields, line }) => {
    const where = fields.package
      ? `package ${JSON.stringify(fields.package.slice(0, 80))}`
      : `stanza at line ${line}`;
    const problem = (message: string, level: DpkgProblem["level"] = "warning"): void => {
      if (problems.length < maxProblems) problems.push({ level, message: `${where}: ${message}` });
      else dropped++;
    };
    const name = fields.package;
    if (!name) return problem("no Package field: skipped");
    let state = "installed";
    if (fields.status !== undefined) {
      const words = fields.status.split(/\s+/);
      if (words.length !== 3 || !wants.has(words[0]!) || !errorFlags.has(words[1]!)) {
        return problem(`unreadable Status ${JSON.stringify(fields.status.slice(0, 80))}: skipped`);
      }
      state = words[2]!;
      if (absentStates.has(state)) return;
      if (!presentStates.has(state))
        return problem(`unknown package state ${JSON.stringify(state.slice(0, 40))}: skipped`);
    } else if (options.requireStatus) {
      return problem("no Status field, so not installed: skipped");
    }
    const version = fields.version;
    if (version === undefined) return problem("no Version field: skipped");
    const versionCheck = checkDpkgVersion(version);
    if (versionCheck?.level === "error") {
      return problem(`Version ${JSON.stringify(version.slice(0, 80))}: ${versionCheck.reason}: skipped`);
    }
    if (versionCheck)
      problem(`Version ${JSON.stringify(version)}: ${versionCheck.reason} (kept, as dpkg does)`);
    if (state === "half-installed")
      problem("half-installed: reported, but its files may be incomplete", "info");
    const record: DpkgRecord = { name, version, source: parseSource(fields.source, name, version), state };
    if (fields.architecture) record.arch = fields.architecture;
    if (fields.maintainer) record.maintainer = fields.maintainer;
    if (fields["multi-arch"]) record.multiArch = fields["multi-arch"];
    const size = Number(fields["installed-size"]);
    if (fields["installed-size"] && Number.isFinite(size)) record.installedSize = size;
    records.push(record);
  });
  if (dropped > 0) problems.push({ level: "warning", message: `${dropped} more stanza problems` });
  if (syntax.badLines > 0) {
    problems.push({
      level: "warning",
      message: `${syntax.badLines} lines are not fields (first at line ${syntax.firstBadLine})`,
    });
  }
  return { records, problems };
}

/**
 * `Source: openssl (3.0.11-1~deb12u2)` names the source package and, when it differs
 * (binNMUs, packages built from an older source), its version; without a version the
 * source version is the binary's. No Source field: the package is its own source.
 */
function parseSource(
  field: string | undefined,
  name: string,
  version: string,
): { name: string; version: string } {
  const match = field ? /^(\S+)(?:\s+\(\s*([^)\s]+)\s*\))?\s*$/.exec(field) : null;
  if (!match) return { name, version };
  return { name: match[1]!, version: match[2] ?? version };
}
