import type {
  Cataloger,
  CatalogFile,
  FileParseResult,
  PackageDraft,
  ParsedFile,
} from "../../../catalog/cataloger.js";
import { type Diagnostic, diagnostic } from "../../../model/index.js";
import { parseDebCopyright } from "./parse-deb-copyright.js";
import { type DpkgRecord, parseDpkgStatus } from "./parse-dpkg-status.js";

const name = "dpkg-db-cataloger";

const statusPath = "/var/lib/dpkg/status";
const statusDir = "/var/lib/dpkg/status.d/";
const infoDir = "/var/lib/dpkg/info/";
const docDir = "/usr/share/doc/";

/** Files in status.d that are not package stanzas (distroless keeps md5sums there). */
const statusDSidecars =
  /\.(md5sums|list|conffiles|preinst|postinst|prerm|postrm|triggers|shlibs|symbols|templates|config)$/;

/** What a non-status file contributes at assembly, keyed by package (and architecture). */
export type DpkgFacts =
  | { kind: "files"; package: string; arch?: string; files: string[] }
  | { kind: "copyright"; package: string; licenses: string[] };

/**
 * Installed Debian/Ubuntu packages: `/var/lib/dpkg/status`, or one file per package in
 * distroless `/var/lib/dpkg/status.d/`. Source package (name, and version when it differs),
 * architecture, licenses from `/usr/share/doc/<package>/copyright`, and owned files from
 * `/var/lib/dpkg/info/<package>[:<arch>].list` (status.d: `<package>.md5sums`).
 */
export const dpkgDbCataloger: Cataloger<DpkgFacts> = {
  name,
  version: "1",
  ecosystem: "deb",
  selects: {
    paths: [statusPath],
    globs: [`${statusDir}*`, `${infoDir}*.list`, `${docDir}*/copyright`],
  },
  parse: parseDpkgFile,
  assemble: assembleDpkg,
};

function parseDpkgFile(file: CatalogFile): FileParseResult<DpkgFacts> {
  const { path } = file;
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (path.startsWith(infoDir) && base.endsWith(".list")) {
    const { pkg, arch } = splitArch(base.slice(0, -".list".length));
    return {
      packages: [],
      diagnostics: [],
      facts: { kind: "files", package: pkg, ...arch, files: readList(file.bytes) },
    };
  }
  if (path.startsWith(docDir)) {
    const pkg = path.slice(docDir.length, path.lastIndexOf("/"));
    return {
      packages: [],
      diagnostics: [],
      facts: { kind: "copyright", package: pkg, licenses: parseDebCopyright(file.bytes) },
    };
  }
  if (path.startsWith(statusDir) && base.endsWith(".md5sums")) {
    const { pkg, arch } = splitArch(base.slice(0, -".md5sums".length));
    return {
      packages: [],
      diagnostics: [],
      facts: { kind: "files", package: pkg, ...arch, files: readMd5sums(file.bytes) },
    };
  }
  if (path.startsWith(statusDir) && statusDSidecars.test(base)) return { packages: [], diagnostics: [] };
  const { records, problems } = parseDpkgStatus(file.bytes.toString("utf8"), {
    requireStatus: path === statusPath,
  });
  const where = { file: path, layer: file.layer, source: name };
  const diagnostics: Diagnostic[] = problems.map((p) =>
    diagnostic("parse-error", `${path}: ${p.message}`, { ...where, level: p.level }),
  );
  return { packages: records.map((r) => toDraft(r, file)), diagnostics };
}

/** `libc6:amd64` → libc6 + amd64 (multi-arch `same` packages name their files so). */
function splitArch(stem: string): { pkg: string; arch: { arch?: string } } {
  const colon = stem.indexOf(":");
  return colon < 0
    ? { pkg: stem, arch: {} }
    : { pkg: stem.slice(0, colon), arch: { arch: stem.slice(colon + 1) } };
}

/** `info/*.list`: one absolute path per line; `/.` stands for the root. */
function readList(bytes: Buffer): string[] {
  return bytes
    .toString("utf8")
    .split("\n")
    .filter((l) => l.startsWith("/") && l !== "/.");
}

/** `*.md5sums`: `<md5>  <path relative to />` per line. */
function readMd5sums(bytes: Buffer): string[] {
  const out: string[] = [];
  for (const line of bytes.toString("utf8").split("\n")) {
    const m = /^[0-9a-f]{32}\s+(.+)$/.exec(line.trim());
    if (m) out.push(`/${m[1]!.replace(/^\/+/, "")}`);
  }
  return out;
}

function toDraft(r: DpkgRecord, file: CatalogFile): PackageDraft {
  const metadata: Record<string, unknown> = {};
  if (r.arch) metadata.arch = r.arch;
  if (r.maintainer) metadata.maintainer = r.maintainer;
  if (r.installedSize !== undefined) metadata.installedSizeKiB = r.installedSize;
  if (r.multiArch) metadata.multiArch = r.multiArch;
  if (r.state !== "installed") metadata.state = r.state;
  return {
    name: r.name,
    version: r.version,
    type: "deb",
    source: r.source,
    locations: [{ path: file.path, layer: file.layer }],
    foundBy: name,
    licenses: [],
    metadata,
  };
}

/**
 * Joins packages with their file lists and copyright licenses. A package listed both in
 * `status` and in `status.d` (never on a sane image) is reported once.
 */
function assembleDpkg(files: ParsedFile<DpkgFacts>[]): {
  packages: PackageDraft[];
  diagnostics: Diagnostic[];
} {
  const owned = new Map<string, ParsedFile<DpkgFacts>>();
  const licenses = new Map<string, string[]>();
  for (const f of files) {
    const facts = f.facts;
    if (facts?.kind === "files") owned.set(facts.arch ? `${facts.package}:${facts.arch}` : facts.package, f);
    else if (facts?.kind === "copyright") licenses.set(facts.package, facts.licenses);
  }
  const seen = new Set<string>();
  const packages: PackageDraft[] = [];
  for (const f of files) {
    for (const draft of f.packages) {
      const arch = typeof draft.metadata?.arch === "string" ? draft.metadata.arch : "";
      const key = `${draft.name}:${arch}`;
      if (seen.has(`${key}@${draft.version}`)) continue;
      seen.add(`${key}@${draft.version}`);
      const pkg: PackageDraft = { ...draft, locations: [...draft.locations] };
      const list = owned.get(key) ?? owned.get(draft.name);
      if (list?.facts?.kind === "files") {
        pkg.ownedFiles = list.facts.files;
        pkg.locations.push({ path: list.path, layer: list.layer });
      }
      pkg.licenses = licenses.get(draft.name) ?? [];
      packages.push(pkg);
    }
  }
  return { packages, diagnostics: [] };
}
