import type { Cataloger, CatalogFile, FileParseResult } from "../../../catalog/cataloger.js";
import { fileDiagnostic } from "../../../catalog/parse/file-diagnostic.js";
import { asRecord, asText } from "../../../catalog/parse/read-json.js";
import type { Diagnostic } from "../../../model/index.js";
import { buildLockDrafts, isVendoredLockfile, type LockEntry, readTarballName } from "./lock-drafts.js";
import { parseLockfileYaml } from "./parse-lockfile-yaml.js";
import { parseYarnV1 } from "./parse-yarn-v1.js";

const name = "yarn-lock-cataloger";

/**
 * Yarn lockfiles: v1 (its own indentation format) and berry (v2+, YAML with `__metadata`).
 * One package per resolved (name, version). v1 takes the real name from the registry
 * tarball URL when it differs from the descriptor (npm aliases). Berry reports workspaces
 * (`workspace:.` as `root`, others as `workspace`) and tags non-registry resolutions with
 * `metadata.protocol` (`patch`, `portal`, `link`, `file`, `git`...). Yarn records no dev
 * flag; `dir:` targets only.
 */
export const yarnLockCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "npm",
  directoryOnly: true,
  selects: { basenames: ["yarn.lock"], maxSize: 64 * 1024 * 1024 },
  parse: parseYarnLock,
};

function parseYarnLock(file: CatalogFile): FileParseResult {
  if (isVendoredLockfile(file.path)) return { packages: [], diagnostics: [] };
  const text = file.bytes.toString("utf8");
  const diagnostics: Diagnostic[] = [];
  if (text.includes("\u0000")) {
    diagnostics.push(fileDiagnostic(name, file, "parse-error", "binary content, not a yarn lockfile"));
    return { packages: [], diagnostics };
  }
  const entries = /^__metadata:/m.test(text)
    ? readBerry(text, file, diagnostics)
    : readV1(text, file, diagnostics);
  return { packages: buildLockDrafts(entries, file, name), diagnostics };
}

function readV1(text: string, file: CatalogFile, diagnostics: Diagnostic[]): LockEntry[] {
  const { blocks, skipped } = parseYarnV1(text);
  if (skipped > 0)
    diagnostics.push(fileDiagnostic(name, file, "parse-error", `${skipped} lines not understood`, "info"));
  const entries: LockEntry[] = [];
  for (const block of blocks) {
    const descriptor = block.descriptors[0];
    const version = block.fields.version;
    if (descriptor === undefined || !version) continue;
    const { name: descName, range } = splitDescriptor(descriptor);
    const resolved = block.fields.resolved;
    const aliasTarget = range.startsWith("npm:") ? splitDescriptor(range.slice(4)).name : undefined;
    const entry: LockEntry = {
      name: readTarballName(resolved ?? "") ?? aliasTarget ?? descName,
      version,
      dev: false,
    };
    const protocol = detectRangeProtocol(range);
    if (protocol) entry.protocol = protocol;
    if (resolved) entry.resolved = resolved;
    if (block.fields.integrity) entry.integrity = block.fields.integrity;
    entries.push(entry);
  }
  return entries;
}

function readBerry(text: string, file: CatalogFile, diagnostics: Diagnostic[]): LockEntry[] {
  let doc: unknown;
  try {
    doc = parseLockfileYaml(text)[0];
  } catch (error) {
    diagnostics.push(
      fileDiagnostic(
        name,
        file,
        "parse-error",
        `not valid YAML: ${(error instanceof Error ? error.message : String(error)).slice(0, 160)}`,
      ),
    );
    return [];
  }
  const lock = asRecord(doc);
  if (lock === undefined) {
    diagnostics.push(fileDiagnostic(name, file, "parse-error", "not a YAML mapping"));
    return [];
  }
  const entries: LockEntry[] = [];
  const byDescriptor = new Map<string, LockEntry>();
  let rootDeps: Record<string, unknown> | undefined;
  for (const [key, value] of Object.entries(lock)) {
    const block = asRecord(value);
    if (key === "__metadata" || block === undefined) continue;
    const version = asText(block.version);
    const resolution = asText(block.resolution) ?? key.split(",")[0]?.trim() ?? "";
    if (version === undefined) continue;
    const resolved = splitDescriptor(resolution);
    const protocol = resolved.range.slice(0, resolved.range.indexOf(":") + 1).replace(/:$/, "");
    const descriptors = key.split(",").map((d) => d.trim());
    const entry: LockEntry = { name: resolved.name, version, dev: false };
    if (protocol === "workspace") {
      // The descriptor is the name the other workspaces depend on.
      entry.name = splitDescriptor(descriptors[0] ?? resolution).name;
      entry.relationship = resolved.range === "workspace:." ? "root" : "workspace";
      if (entry.relationship === "root") rootDeps = asRecord(block.dependencies);
    }
    if (protocol !== "npm") entry.protocol = protocol || "unknown";
    if (protocol !== "npm" && protocol !== "workspace") entry.resolved = resolution;
    entries.push(entry);
    for (const d of descriptors) byDescriptor.set(d, entry);
  }
  for (const [dep, range] of Object.entries(rootDeps ?? {})) {
    const spec = String(range);
    const entry = byDescriptor.get(`${dep}@${spec}`) ?? byDescriptor.get(`${dep}@npm:${spec}`);
    if (entry && entry.relationship === undefined) entry.relationship = "direct";
  }
  return entries;
}

/** `@scope/name@range` → name and range (the separator is the first `@` after the first character). */
function splitDescriptor(descriptor: string): { name: string; range: string } {
  const at = descriptor.indexOf("@", 1);
  return at < 0
    ? { name: descriptor, range: "" }
    : { name: descriptor.slice(0, at), range: descriptor.slice(at + 1) };
}

/** Protocol of a v1 range that does not come from the registry. */
function detectRangeProtocol(range: string): string | undefined {
  const match = /^(file|link|git\+[a-z]+|git|github|https?|portal):/.exec(range);
  if (!match?.[1]) return undefined;
  if (match[1].startsWith("git")) return "git";
  return match[1].startsWith("http") ? "tarball" : match[1];
}
