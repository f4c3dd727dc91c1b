import { createHash } from "node:crypto";
import type { Entry, ZipFile } from "yauzl";
import type { ParseLimits } from "../../../catalog/cataloger.js";
import { isJavaArchiveName } from "./guess-from-file-name.js";
import { type JarManifest, parseManifest } from "./parse-manifest.js";
import { parseProperties } from "./parse-pom-properties.js";
import { entryName, openZip, readEntry } from "./zip-reader.js";

/** What one archive (the file itself or one nested inside it) says about its identity. */
export interface ArchiveFacts {
  /** `/app/outer.jar`, or `/app/outer.jar!/BOOT-INF/lib/inner.jar` for a nested archive. */
  path: string;
  /** Nesting depth: 0 for the file itself. */
  depth: number;
  /** sha1 of the archive's bytes (hex), the key Maven Central search and Trivy's Java DB use. */
  sha1: string;
  pomProperties: { entry: string; properties: Map<string, string> }[];
  manifest?: JarManifest;
}

export interface WalkProblem {
  code: "archive-limit" | "parse-error";
  message: string;
}

/** Small metadata files: anything bigger is not what it claims to be. */
const maxManifestBytes = 4 * 1024 * 1024;
const maxPomPropertiesBytes = 64 * 1024;
/**
 * Nested archives opened per file. Real fat jars and ears hold a few hundred; a "42.zip"
 * style fan-out (ten copies at every level) would otherwise open tens of thousands of tiny
 * archives — seconds of CPU and as many packages from a few KiB of input.
 */
export const maxNestedArchives = 4096;
/** Problems listed per file. */
const maxProblems = 100;

interface Walk {
  limits: ParseLimits;
  expanded: number;
  entries: number;
  /** Set when a budget ran out: nothing more is opened. */
  stopped: boolean;
  archives: ArchiveFacts[];
  problems: WalkProblem[];
}

/**
 * Reads a Java archive and, recursively, the archives inside it (`BOOT-INF/lib/*.jar`,
 * `WEB-INF/lib/*.jar`, an ear's modules, `META-INF/jars/*.jar`...), entirely in memory.
 * For each archive it collects `pom.properties` files under `META-INF/` and the manifest.
 *
 * Bounds, shared by the whole nesting tree of one file: at most `maxArchiveDepth` levels of
 * nesting, `maxExpandedBytes` bytes inflated, `maxArchiveEntries` entries visited and
 * {@link maxNestedArchives} archives opened. Reaching one adds an `archive-limit` problem and
 * keeps everything read so far. Never throws.
 */
export async function walkJavaArchive(
  bytes: Buffer,
  path: string,
  limits: ParseLimits,
): Promise<{ archives: ArchiveFacts[]; problems: WalkProblem[] }> {
  const walk: Walk = { limits, expanded: 0, entries: 0, stopped: false, archives: [], problems: [] };
  await walkOne(walk, bytes, path, 0);
  return { archives: walk.archives, problems: walk.problems };
}

async function walkOne(walk: Walk, bytes: Buffer, path: string, depth: number): Promise<void> {
  let zip: ZipFile;
  try {
    zip = await openZip(bytes);
  } catch (e) {
    report(walk, {
      code: "parse-error",
      message: `${path}: not a readable zip archive (${(e as Error).message})`,
    });
    return;
  }
  const facts: ArchiveFacts = {
    path,
    depth,
    sha1: createHash("sha1").update(bytes).digest("hex"),
    pomProperties: [],
  };
  walk.archives.push(facts);
  try {
    for await (const entry of zip.eachEntry()) {
      if (walk.stopped) break;
      if (++walk.entries > walk.limits.maxArchiveEntries) {
        stop(
          walk,
          `${path}: more than ${walk.limits.maxArchiveEntries} archive entries; the rest is not read`,
        );
        break;
      }
      await visitEntry(walk, zip, entry, facts);
    }
  } catch (e) {
    report(walk, {
      code: "parse-error",
      message: `${path}: corrupt zip archive (${(e as Error).message})`,
    });
  }
}

async function visitEntry(walk: Walk, zip: ZipFile, entry: Entry, facts: ArchiveFacts): Promise<void> {
  const name = entryName(entry);
  if (name.endsWith("/")) return;
  const where = `${facts.path}!/${name}`;
  if (name.toUpperCase() === "META-INF/MANIFEST.MF") {
    const text = await readText(walk, zip, entry, maxManifestBytes, where);
    if (text !== undefined && facts.manifest === undefined) facts.manifest = parseManifest(text);
  } else if (name.startsWith("META-INF/") && name.endsWith("/pom.properties")) {
    const text = await readText(walk, zip, entry, maxPomPropertiesBytes, where);
    if (text !== undefined) facts.pomProperties.push({ entry: name, properties: parseProperties(text) });
  } else if (isJavaArchiveName(name)) {
    if (facts.depth + 1 > walk.limits.maxArchiveDepth) {
      report(walk, {
        code: "archive-limit",
        message: `${where}: not opened, archives nested deeper than ${walk.limits.maxArchiveDepth} levels`,
      });
      return;
    }
    if (walk.archives.length > maxNestedArchives) {
      stop(walk, `${where}: more than ${maxNestedArchives} nested archives; the rest is not read`);
      return;
    }
    const inner = await readBudgeted(walk, zip, entry, Number.POSITIVE_INFINITY, where);
    if (inner !== undefined) await walkOne(walk, inner, where, facts.depth + 1);
  }
}

async function readText(
  walk: Walk,
  zip: ZipFile,
  entry: Entry,
  cap: number,
  where: string,
): Promise<string | undefined> {
  return (await readBudgeted(walk, zip, entry, cap, where))?.toString("utf8");
}

/** Reads an entry within both its own cap and what is left of the walk's byte budget. */
async function readBudgeted(
  walk: Walk,
  zip: ZipFile,
  entry: Entry,
  cap: number,
  where: string,
): Promise<Buffer | undefined> {
  const left = walk.limits.maxExpandedBytes - walk.expanded;
  const allowance = Math.min(cap, left);
  const result = await readEntry(zip, entry, allowance, (n) => {
    walk.expanded += n;
  });
  if (Buffer.isBuffer(result)) return result;
  if ("error" in result) {
    report(walk, { code: "parse-error", message: `${where}: unreadable entry (${result.error})` });
  } else if (!result.declared && allowance === left) {
    stop(
      walk,
      `${where}: ${result.limit}; expanded-bytes limit ${walk.limits.maxExpandedBytes} reached, the rest is not read`,
    );
  } else {
    const budget =
      allowance === left ? ` (what is left of the ${walk.limits.maxExpandedBytes}-byte expansion limit)` : "";
    report(walk, { code: "archive-limit", message: `${where}: skipped, it ${result.limit}${budget}` });
  }
  return undefined;
}

function stop(walk: Walk, message: string): void {
  walk.stopped = true;
  walk.problems.push({ code: "archive-limit", message }); // always listed: it explains what is missing
}

/** Records a problem; a hostile archive could otherwise produce one per entry. */
function report(walk: Walk, problem: WalkProblem): void {
  if (walk.problems.length < maxProblems) walk.problems.push(problem);
  else if (walk.problems.length === maxProblems) {
    walk.problems.push({
      code: problem.code,
      message: `${walk.archives[0]?.path ?? "archive"}: further problems not listed`,
    });
  }
}
