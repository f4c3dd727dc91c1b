import type {
  Cataloger,
  CatalogFile,
  FileParseResult,
  PackageDraft,
  ParseContext,
  ParsedFile,
} from "../../../catalog/cataloger.js";
import { type Diagnostic, diagnostic } from "../../../model/index.js";
import { decompressZstd } from "./decompress-zstd.js";
import { parseChiselManifest } from "./parse-chisel-manifest.js";
import { parseDebCopyright } from "./parse-deb-copyright.js";

const name = "chisel-manifest-cataloger";
const manifestPath = "/var/lib/chisel/manifest.wall";
const docDir = "/usr/share/doc/";

/** Copyright licenses by package, joined at assembly (chiselled images keep copyright files). */
export type ChiselFacts = { kind: "copyright"; package: string; licenses: string[] };

/**
 * Packages of Ubuntu chiselled images, which have no dpkg database: Chisel's
 * zstd-compressed manifest `/var/lib/chisel/manifest.wall` names each package cut into
 * slices, with version, architecture and the paths installed. The manifest names no
 * source package.
 */
export const chiselManifestCataloger: Cataloger<ChiselFacts> = {
  name,
  version: "1",
  ecosystem: "deb",
  selects: { paths: [manifestPath], globs: [`${docDir}*/copyright`] },
  parse(file: CatalogFile, ctx: ParseContext): FileParseResult<ChiselFacts> {
    if (file.path.startsWith(docDir)) {
      const pkg = file.path.slice(docDir.length, file.path.lastIndexOf("/"));
      return {
        packages: [],
        diagnostics: [],
        facts: { kind: "copyright", package: pkg, licenses: parseDebCopyright(file.bytes) },
      };
    }
    const where = { file: file.path, layer: file.layer, source: name };
    const raw = decompressZstd(file.bytes, ctx.limits.maxExpandedBytes);
    if ("error" in raw) {
      return {
        packages: [],
        diagnostics: [
          diagnostic("unreadable-manifest", `${file.path}: ${raw.error}`, { ...where, level: "error" }),
        ],
      };
    }
    const { packages, problems } = parseChiselManifest(
      Buffer.from(raw.buffer, raw.byteOffset, raw.length).toString("utf8"),
    );
    const drafts = packages.map((p): PackageDraft => {
      const metadata: Record<string, unknown> = { slices: p.slices };
      if (p.arch) metadata.arch = p.arch;
      if (p.sha256) metadata.sha256 = p.sha256;
      const draft: PackageDraft = {
        name: p.name,
        version: p.version,
        type: "deb",
        locations: [{ path: file.path, layer: file.layer }],
        foundBy: name,
        licenses: [],
        metadata,
      };
      if (p.files.length > 0) draft.ownedFiles = p.files;
      return draft;
    });
    return {
      packages: drafts,
      diagnostics: problems.map((p) => diagnostic("parse-error", `${file.path}: ${p}`, where)),
    };
  },
  assemble(files: ParsedFile<ChiselFacts>[]): { packages: PackageDraft[]; diagnostics: Diagnostic[] } {
    const licenses = new Map<string, string[]>();
    for (const f of files) if (f.facts?.kind === "copyright") licenses.set(f.facts.package, f.facts.licenses);
    const packages = files.flatMap((f) =>
      f.packages.map((p) => ({ ...p, licenses: licenses.get(p.name) ?? [] })),
    );
    return { packages, diagnostics: [] };
  },
};
