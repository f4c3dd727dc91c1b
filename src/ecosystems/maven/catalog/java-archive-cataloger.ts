import type {
  Cataloger,
  CatalogFile,
  FileParseResult,
  PackageDraft,
  ParseContext,
} from "../../../catalog/cataloger.js";
import { diagnostic } from "../../../model/index.js";
import { javaArchiveSuffixes } from "./guess-from-file-name.js";
import { type ArchiveIdentity, identifyArchive } from "./identify-archive.js";
import { type ArchiveFacts, walkJavaArchive } from "./walk-java-archive.js";

const name = "java-archive-cataloger";

/**
 * Java archives (jar, war, ear and the plugin/resource variants): one package per Maven
 * artifact found in the archive or in any archive nested inside it (see
 * {@link walkJavaArchive} for the bounds and {@link identifyArchive} for how an archive is
 * identified). The zip is read from memory, never unpacked to disk.
 *
 * Package name: `groupId:artifactId` (the form OSV and GHSA key Maven advisories by), or the
 * bare artifactId when only a manifest or the file name identified the archive.
 * `locations` is the file in the image; `metadata.archivePath` is the nested path
 * (`/app.jar!/BOOT-INF/lib/x.jar`) and `metadata.sha1` that archive's digest. A name or
 * version guessed from the file name gets `confidence: "low"`.
 */
export const javaArchiveCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "maven",
  selects: { suffixes: [...javaArchiveSuffixes], maxSize: 256 * 1024 * 1024 },
  parse: parseJavaArchive,
};

async function parseJavaArchive(file: CatalogFile, ctx: ParseContext): Promise<FileParseResult> {
  const where = { file: file.path, layer: file.layer, source: name };
  const { archives, problems } = await walkJavaArchive(file.bytes, file.path, ctx.limits);
  const diagnostics = problems.map((p) => diagnostic(p.code, p.message, where));
  const packages: PackageDraft[] = [];
  for (const archive of archives) {
    const { identities, problems: idProblems } = identifyArchive(archive);
    for (const p of idProblems) diagnostics.push(diagnostic("parse-error", p, { ...where, level: "info" }));
    for (const id of identities) packages.push(toDraft(file, archive, id));
  }
  return { packages, diagnostics };
}

function toDraft(file: CatalogFile, archive: ArchiveFacts, id: ArchiveIdentity): PackageDraft {
  return {
    name: id.groupId ? `${id.groupId}:${id.artifactId}` : id.artifactId,
    version: id.version,
    type: "maven",
    locations: [{ path: file.path, layer: file.layer }],
    foundBy: name,
    licenses: id.licenses,
    ...(id.source === "file-name" ? { confidence: "low" as const } : {}),
    ...(id.groupId ? { purlHints: { groupId: id.groupId } } : {}),
    metadata: {
      ...(id.groupId ? { groupId: id.groupId } : {}),
      artifactId: id.artifactId,
      archivePath: archive.path,
      sha1: archive.sha1,
      identifiedBy: id.source,
      ...(id.pomProperties ? { pomProperties: id.pomProperties } : {}),
    },
  };
}
