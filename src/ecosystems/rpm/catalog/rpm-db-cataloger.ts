import type { Cataloger, CatalogFile, FileParseResult, PackageDraft } from "../../../catalog/cataloger.js";
import { diagnostic } from "../../../model/index.js";
import { buildRpmDraft, gpgPubkeyName } from "./build-rpm-draft.js";
import { ProblemLog } from "./problem-log.js";
import { readBdbHash } from "./read-bdb-hash.js";
import { readNdb } from "./read-ndb.js";
import { readRpmPackage } from "./read-rpm-package.js";
import { readSqliteRpmdb } from "./read-sqlite-rpmdb.js";
import { parseRpmHeader } from "./rpm-header.js";

const name = "rpm-db-cataloger";
/** Per-file problems reported one by one before the rest are counted in one line. */
const maxProblemsPerFile = 20;
/** Far above any real system (a few thousand): a guard against a crafted database. */
const maxPackages = 200_000;

/** Where rpm keeps its package database: legacy, `/usr/lib/sysimage` (rpm >= 4.16), rpm-ostree. */
const databasePaths = ["/var/lib/rpm", "/usr/lib/sysimage/rpm", "/usr/share/rpm"].flatMap((dir) => [
  `${dir}/Packages`,
  `${dir}/Packages.db`,
  `${dir}/rpmdb.sqlite`,
]);

/**
 * Installed rpm packages, from any of rpm's three database formats: SQLite
 * (`rpmdb.sqlite`, EL9, Fedora, Azure Linux), Berkeley DB hash (`Packages`, EL7/EL8) and
 * NDB (`Packages.db`, SUSE). The format is told by the file's magic, not its name. Every
 * header blob is parsed by drydock itself; `gpg-pubkey` pseudo-packages are skipped.
 */
export const rpmDbCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "rpm",
  selects: { paths: databasePaths },
  parse: parseRpmDatabase,
  assemble(files) {
    // An image may hold two databases (a legacy Packages left beside rpmdb.sqlite):
    // report each installed package once, from the first database that lists it.
    const seen = new Set<string>();
    const packages: PackageDraft[] = [];
    for (const file of files) {
      for (const p of file.packages) {
        const key = `${p.name}\0${p.version}\0${String(p.metadata?.arch ?? "")}`;
        if (seen.has(key)) continue;
        seen.add(key);
        packages.push(p);
      }
    }
    return { packages, diagnostics: [] };
  },
};

function parseRpmDatabase(file: CatalogFile): FileParseResult {
  const where = { file: file.path, layer: file.layer, source: name };
  const log = new ProblemLog(maxProblemsPerFile);
  const packages: PackageDraft[] = [];
  const onBlob = (blob: Uint8Array): boolean => {
    if (packages.length >= maxPackages) {
      log.add(`more than ${maxPackages} packages: the rest were not read`);
      return false;
    }
    const header = parseRpmHeader(blob);
    if ("error" in header) {
      log.add(`a package header was skipped: ${header.error}`);
      return true;
    }
    const info = readRpmPackage(header);
    if ("error" in info) {
      log.add(`a package header was skipped: ${info.error}`);
      return true;
    }
    if (info.name === gpgPubkeyName) return true;
    for (const p of info.problems) log.add(`${info.name}: ${p}`);
    packages.push(buildRpmDraft(info, { path: file.path, layer: file.layer, foundBy: name }));
    return true;
  };
  const failed = readBlobs(file.bytes, onBlob, log);
  if (failed) {
    return {
      packages: [],
      diagnostics: [
        diagnostic("unreadable-database", `${file.path}: ${failed.error}`, { ...where, level: "error" }),
      ],
    };
  }
  return {
    packages,
    diagnostics: log.messages().map((m) => diagnostic("corrupt-record", `${file.path}: ${m}`, where)),
  };
}

/** Dispatches on the file's magic: SQLite, NDB (`RpmP`), else Berkeley DB hash. */
function readBlobs(
  bytes: Buffer,
  onBlob: (blob: Uint8Array) => boolean,
  log: ProblemLog,
): { error: string } | undefined {
  if (bytes.subarray(0, 16).toString("latin1") === "SQLite format 3\0")
    return readSqliteRpmdb(bytes, onBlob, log);
  if (bytes.subarray(0, 4).toString("latin1") === "RpmP") return readNdb(bytes, onBlob, log);
  // Record 0 holds rpm's next-instance counter, not a header.
  return readBdbHash(bytes, ({ key, value }) => (isZeroKey(key) ? true : onBlob(value)), log);
}

function isZeroKey(key: Uint8Array): boolean {
  return key.length === 4 && key.every((b) => b === 0);
}
