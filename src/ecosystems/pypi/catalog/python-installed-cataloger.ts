import type {
  Cataloger,
  CatalogFile,
  FileParseResult,
  PackageDraft,
  ParsedFile,
} from "../../../catalog/cataloger.js";
import { asRecord, asText, readJsonFile } from "../../../catalog/parse/read-json.js";
import { type Diagnostic, diagnostic } from "../../../model/index.js";
import { normalisePypiName } from "../normalise-name.js";
import { parseCoreMetadata, readHeader, readPythonLicenses } from "./parse-core-metadata.js";

const name = "python-installed-cataloger";

/** Most paths kept per package from RECORD / installed-files.txt. */
const maxOwnFiles = 100_000;

/** What one file of an installed distribution's metadata folder contributes. */
type InstalledFacts =
  | { kind: "metadata"; infoDir: string; siteDir: string }
  | { kind: "files"; infoDir: string; files: string[] }
  | { kind: "direct-url"; infoDir: string; vcsUrl?: string; url?: string };

/**
 * Installed Python distributions: wheel installs (`*.dist-info/METADATA`), setuptools installs
 * (`*.egg-info/PKG-INFO`, or a single `*.egg-info` FILE holding PKG-INFO content, as Debian
 * ships some) and eggs (`*.egg/EGG-INFO/PKG-INFO`). Core metadata gives name, version and
 * licenses; `RECORD` / `installed-files.txt` give the package's own files
 * (`metadata.files`, absolute paths); `direct_url.json` a VCS origin (purl `vcs_url`).
 * The same (name, version) described twice in one site-packages folder (Debian ships
 * cryptography as both dist-info and egg-info) is one package with both locations.
 */
export const pythonInstalledCataloger: Cataloger<InstalledFacts> = {
  name,
  version: "1",
  ecosystem: "pypi",
  selects: {
    globs: [
      "**/*dist-info/METADATA",
      "**/*egg-info/PKG-INFO",
      "**/*.egg/EGG-INFO/PKG-INFO",
      "**/*dist-info/RECORD",
      "**/*egg-info/installed-files.txt",
      "**/*dist-info/direct_url.json",
    ],
    suffixes: [".egg-info"],
    maxSize: 16 * 1024 * 1024,
  },
  parse: parseInstalledFile,
  assemble: assembleInstalled,
};

function parseInstalledFile(file: CatalogFile): FileParseResult<InstalledFacts> {
  const base = getBaseName(file.path);
  const dir = getDirName(file.path);
  if (base === "RECORD") return readOwnFiles(file, dir, getDirName(dir), true);
  if (base === "installed-files.txt") return readOwnFiles(file, dir, dir, false);
  if (base === "direct_url.json") return readDirectUrl(file, dir);
  if (base.endsWith(".egg-info")) return readCoreMetadata(file, file.path, dir);
  const siteDir =
    base === "PKG-INFO" && getBaseName(dir) === "EGG-INFO" ? getDirName(getDirName(dir)) : getDirName(dir);
  return readCoreMetadata(file, dir, siteDir);
}

function readCoreMetadata(
  file: CatalogFile,
  infoDir: string,
  siteDir: string,
): FileParseResult<InstalledFacts> {
  const text = file.bytes.toString("utf8");
  const meta = parseCoreMetadata(text);
  const pkgName = readHeader(meta, "name");
  const version = readHeader(meta, "version");
  const where = { file: file.path, layer: file.layer, source: name };
  if (pkgName === undefined || version === undefined) {
    const binary = /[\u0000\ufffd]/.test(text.slice(0, 64 * 1024));
    const message = binary
      ? `${file.path}: binary content, not Python core metadata`
      : `${file.path}: no ${pkgName === undefined ? "Name" : "Version"} header`;
    return {
      packages: [],
      diagnostics: [diagnostic(binary ? "binary-content" : "missing-field", message, where)],
    };
  }
  if (!isPrintable(pkgName) || !isPrintable(version)) {
    return {
      packages: [],
      diagnostics: [
        diagnostic("invalid-field", `${file.path}: Name or Version holds control characters`, where),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  if (meta.malformedLines > 0) {
    diagnostics.push(
      diagnostic("parse-error", `${file.path}: ${meta.malformedLines} malformed header lines skipped`, {
        ...where,
        level: "info",
      }),
    );
  }
  const draft: PackageDraft = {
    name: pkgName,
    version,
    type: "pypi",
    locations: [{ path: file.path, layer: file.layer }],
    foundBy: name,
    licenses: readPythonLicenses(meta),
    metadata: { sitePackages: siteDir },
  };
  return { packages: [draft], diagnostics, facts: { kind: "metadata", infoDir, siteDir } };
}

/**
 * RECORD (CSV `path,hash,size`, paths relative to site-packages) or installed-files.txt (one
 * path per line, relative to the egg-info folder). Lines that are not paths (merge-conflict
 * markers, blank lines) are skipped and counted.
 */
function readOwnFiles(
  file: CatalogFile,
  infoDir: string,
  base: string,
  csv: boolean,
): FileParseResult<InstalledFacts> {
  const files: string[] = [];
  let skipped = 0;
  for (const rawLine of file.bytes.toString("utf8").split(/\r?\n/)) {
    if (rawLine.trim() === "") continue;
    const path = csv ? readCsvPath(rawLine) : rawLine.trim();
    if (path === undefined || path === "" || /^(<{7}|={7}|>{7})/.test(path) || path.includes("\u0000")) {
      skipped++;
      continue;
    }
    if (files.length < maxOwnFiles) files.push(resolvePath(base, path));
  }
  const diagnostics: Diagnostic[] = [];
  if (skipped > 0) {
    diagnostics.push(
      diagnostic("parse-error", `${file.path}: ${skipped} malformed lines skipped`, {
        file: file.path,
        layer: file.layer,
        source: name,
        level: "info",
      }),
    );
  }
  return { packages: [], diagnostics, facts: { kind: "files", infoDir, files } };
}

/** PEP 610 direct_url.json: a VCS install becomes `vcs+url@commit` (the purl `vcs_url` form). */
function readDirectUrl(file: CatalogFile, infoDir: string): FileParseResult<InstalledFacts> {
  const read = readJsonFile(file, name);
  if (!read.ok) return { packages: [], diagnostics: [read.diagnostic] };
  const json = asRecord(read.value) ?? {};
  const url = asText(json.url);
  const vcs = asRecord(json.vcs_info);
  const facts: InstalledFacts = { kind: "direct-url", infoDir };
  if (url) facts.url = url;
  const vcsName = asText(vcs?.vcs);
  if (url && vcsName) {
    const commit = asText(vcs?.commit_id);
    facts.vcsUrl = `${vcsName}+${url}${commit ? `@${commit}` : ""}`;
  }
  return { packages: [], diagnostics: read.diagnostics, facts };
}

function assembleInstalled(files: ParsedFile<InstalledFacts>[]): {
  packages: PackageDraft[];
  diagnostics: Diagnostic[];
} {
  const ownFiles = new Map<string, string[]>();
  const directUrls = new Map<string, { vcsUrl?: string; url?: string }>();
  for (const file of files) {
    const facts = file.facts;
    if (facts?.kind === "files") ownFiles.set(facts.infoDir, facts.files);
    if (facts?.kind === "direct-url") directUrls.set(facts.infoDir, facts);
  }
  const merged = new Map<string, PackageDraft>();
  for (const file of files) {
    if (file.facts?.kind !== "metadata") continue;
    const { infoDir, siteDir } = file.facts;
    for (const draft of file.packages) {
      const key = `${normalisePypiName(draft.name)}\u0000${draft.version}\u0000${siteDir}`;
      const seen = merged.get(key);
      const pkgFiles = ownFiles.get(infoDir) ?? [];
      const direct = directUrls.get(infoDir);
      if (seen === undefined) {
        const metadata: Record<string, unknown> = { ...draft.metadata };
        if (pkgFiles.length > 0) metadata.files = pkgFiles;
        if (direct?.url) metadata.directUrl = direct.url;
        // Copies: parse results may be cached and must not be mutated by the merge below.
        const next: PackageDraft = {
          ...draft,
          locations: [...draft.locations],
          licenses: [...draft.licenses],
          metadata,
        };
        if (direct?.vcsUrl) next.purlHints = { vcs_url: direct.vcsUrl };
        merged.set(key, next);
        continue;
      }
      seen.locations.push(...draft.locations);
      for (const license of draft.licenses) if (!seen.licenses.includes(license)) seen.licenses.push(license);
      if (pkgFiles.length > 0 && seen.metadata) {
        const known = new Set((seen.metadata.files as string[] | undefined) ?? []);
        seen.metadata.files = [...known, ...pkgFiles.filter((f) => !known.has(f))];
      }
    }
  }
  return { packages: [...merged.values()], diagnostics: [] };
}

/** The first field of a CSV line (RFC 4180 quoting, as Python's csv module writes RECORD). */
function readCsvPath(line: string): string | undefined {
  if (!line.startsWith('"')) {
    const comma = line.indexOf(",");
    return comma < 0 ? undefined : line.slice(0, comma);
  }
  let out = "";
  for (let i = 1; i < line.length; i++) {
    const ch = line[i];
    if (ch === '"') {
      if (line[i + 1] === '"') {
        out += '"';
        i++;
      } else {
        return line[i + 1] === "," ? out : undefined;
      }
    } else {
      out += ch;
    }
  }
  return undefined;
}

/** Joins a relative path onto an absolute folder and normalises `.` and `..` (never above `/`). */
function resolvePath(base: string, rel: string): string {
  const parts = rel.startsWith("/") ? [] : base.split("/").filter(Boolean);
  for (const part of rel.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return `/${parts.join("/")}`;
}

function isPrintable(text: string): boolean {
  return !/[\u0000-\u001f\u007f\ufffd]/.test(text);
}

function getBaseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function getDirName(path: string): string {
  const at = path.lastIndexOf("/");
  return at <= 0 ? "/" : path.slice(0, at);
}
