import type { Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import { join } from "node:path";
import { DrydockError } from "../model/index.js";
import { sniffCompression } from "./compression.js";
import { isImageReference } from "./image-reference.js";
import { TarIndex } from "./tar-index.js";

/** Which image in a docker-archive: by position in manifest.json (0-based) or by tag. */
export type ArchiveSelector = { index: number } | { tag: string };

/**
 * A parsed target (DESIGN.md section 4: the Grype-style target syntax). `input` is always
 * the string the user gave, for messages and reports.
 */
export type ImageTarget =
  | { kind: "docker-archive"; input: string; path: string; select?: ArchiveSelector }
  | { kind: "oci-dir"; input: string; path: string; ref?: string }
  | { kind: "oci-archive"; input: string; path: string; ref?: string }
  | { kind: "dir"; input: string; path: string }
  | { kind: "sbom"; input: string; path: string }
  | { kind: "registry"; input: string; ref: string };

export type TargetKind = ImageTarget["kind"];

/** The explicit prefixes, as typed on the command line. */
export const targetPrefixes = [
  "docker-archive",
  "oci-dir",
  "oci-archive",
  "dir",
  "sbom",
  "registry",
] as const;

type PathKind = "file" | "directory";

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw new DrydockError("DRYDOCK_TARGET_UNREADABLE", `${path}: ${(e as Error).message}`, { cause: e });
  }
}

function notFound(input: string, path: string): DrydockError {
  return new DrydockError("DRYDOCK_TARGET_NOT_FOUND", `${input}: no such file or directory: ${path}`);
}

/**
 * Splits `PATH[:ref]` / `PATH[@N]`: the longest existing path wins, so a path may itself
 * hold `:` or `@`, and a tag may hold `:` (`app.tar:repo/app:1.0`).
 */
async function splitPathAndSelector(
  input: string,
  rest: string,
  allowIndex: boolean,
): Promise<{ path: string; stats: Stats; selector?: string; index?: number }> {
  const whole = await statOrUndefined(rest);
  if (whole) return { path: rest, stats: whole };
  const at = /^(.+)@(\d+)$/.exec(rest);
  if (allowIndex && at?.[1] && at[2]) {
    const stats = await statOrUndefined(at[1]);
    if (stats) return { path: at[1], stats, index: Number(at[2]) };
  }
  for (let i = rest.indexOf(":"); i > 0; i = rest.indexOf(":", i + 1)) {
    const path = rest.slice(0, i);
    const stats = await statOrUndefined(path);
    if (stats) {
      const selector = rest.slice(i + 1);
      return selector === "" ? { path, stats } : { path, stats, selector };
    }
  }
  throw notFound(input, at?.[1] && allowIndex ? at[1] : rest);
}

function requireKind(input: string, path: string, stats: Stats, want: PathKind, kind: string): void {
  const is: PathKind | undefined = stats.isDirectory() ? "directory" : stats.isFile() ? "file" : undefined;
  if (is !== want) {
    throw new DrydockError(
      "DRYDOCK_TARGET_FORMAT",
      `${input}: ${path} is not a ${want === "file" ? "regular file" : "directory"} (${kind} needs one)`,
    );
  }
}

function archiveSelector(
  index: number | undefined,
  selector: string | undefined,
): ArchiveSelector | undefined {
  if (index !== undefined) return { index };
  if (selector !== undefined)
    return /^@\d+$/.test(selector) ? { index: Number(selector.slice(1)) } : { tag: selector };
  return undefined;
}

/** What a file or directory holds, judged from its content. */
export type DetectedFormat = "docker-archive" | "oci-archive" | "oci-dir" | "dir" | "sbom";

/**
 * Auto-detects the format of an existing path: a directory with `oci-layout` is an OCI
 * layout, any other directory a root filesystem; a tar with `manifest.json` is a
 * docker-archive (a Docker 25+ save holds an OCI layout too: manifest.json wins, as Docker
 * reads it), one with `oci-layout` and `index.json` an oci-archive; a JSON document an SBOM.
 * @throws DrydockError DRYDOCK_TARGET_FORMAT naming what the file is not.
 */
export async function detectFormat(input: string, path: string, stats: Stats): Promise<DetectedFormat> {
  if (stats.isDirectory()) {
    const layout = await statOrUndefined(join(path, "oci-layout"));
    return layout?.isFile() ? "oci-dir" : "dir";
  }
  if (!stats.isFile())
    throw new DrydockError("DRYDOCK_TARGET_FORMAT", `${input}: not a regular file or directory`);
  const head = Buffer.alloc(512);
  let length: number;
  try {
    const handle = await open(path, "r");
    try {
      length = (await handle.read(head, 0, head.length, 0)).bytesRead;
    } finally {
      await handle.close();
    }
  } catch (e) {
    throw new DrydockError("DRYDOCK_TARGET_UNREADABLE", `${input}: cannot read: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const compression = sniffCompression(head.subarray(0, length));
  if (compression !== "none") {
    throw new DrydockError(
      "DRYDOCK_TARGET_FORMAT",
      `${input}: a ${compression}-compressed file; drydock reads image archives as plain tar`,
      { hint: `decompress it first (${compression === "gzip" ? "gunzip" : "unzstd"} -k ${path})` },
    );
  }
  const text = head.subarray(0, length).toString("utf8").trimStart();
  if (text.startsWith("{")) return "sbom";
  let index: TarIndex;
  try {
    index = await TarIndex.open(path, { label: input });
  } catch (e) {
    if (e instanceof DrydockError && e.code === "DRYDOCK_TARGET_FORMAT") {
      throw new DrydockError(
        "DRYDOCK_TARGET_FORMAT",
        `${input}: not an image archive, OCI layout, directory or SBOM (${e.message.slice(input.length + 2)})`,
      );
    }
    throw e;
  }
  if (index.lookup("manifest.json")) return "docker-archive";
  if (index.lookup("oci-layout") && index.lookup("index.json")) return "oci-archive";
  throw new DrydockError(
    "DRYDOCK_TARGET_FORMAT",
    `${input}: a tar archive that is not an image (no manifest.json, no oci-layout with index.json)`,
  );
}

/** A bare string that is no file: an image reference unless it looks like a path. */
function looksLikePath(text: string): boolean {
  return (
    /^(\/|\.\.?(\/|$)|~)/.test(text) || /\.(tar|tgz|gz|zst|json|oci)$/i.test(text) || text.includes("\\")
  );
}

/**
 * Parses a target string: explicit `docker-archive:FILE[@N|:tag]`, `oci-dir:DIR[:ref]`,
 * `oci-archive:FILE[:ref]`, `dir:ROOTFS`, `sbom:FILE`, `registry:REF`, or a bare path
 * (auto-detected, with the same `:ref`/`@N` suffixes) or a bare image reference (registry).
 * Touches the file system to check paths and detect formats; reads no image content
 * beyond tar headers.
 * @throws DrydockError DRYDOCK_TARGET_NOT_FOUND (missing path), DRYDOCK_TARGET_FORMAT
 *   (not a readable format), DRYDOCK_USAGE (empty or malformed).
 */
export async function parseTarget(input: string): Promise<ImageTarget> {
  if (input.trim() === "") throw new DrydockError("DRYDOCK_USAGE", "the target is empty");
  const colon = input.indexOf(":");
  const prefix = colon > 0 ? input.slice(0, colon) : "";
  const rest = colon > 0 ? input.slice(colon + 1) : "";
  switch (prefix) {
    case "docker-archive": {
      const found = await splitPathAndSelector(input, rest, true);
      requireKind(input, found.path, found.stats, "file", prefix);
      const select = archiveSelector(found.index, found.selector);
      return select
        ? { kind: prefix, input, path: found.path, select }
        : { kind: prefix, input, path: found.path };
    }
    case "oci-dir":
    case "oci-archive": {
      const found = await splitPathAndSelector(input, rest, false);
      requireKind(input, found.path, found.stats, prefix === "oci-dir" ? "directory" : "file", prefix);
      return found.selector === undefined
        ? { kind: prefix, input, path: found.path }
        : { kind: prefix, input, path: found.path, ref: found.selector };
    }
    case "dir":
    case "sbom": {
      const stats = await statOrUndefined(rest);
      if (!stats) throw notFound(input, rest);
      requireKind(input, rest, stats, prefix === "dir" ? "directory" : "file", prefix);
      return { kind: prefix, input, path: rest };
    }
    case "registry": {
      if (!isImageReference(rest)) {
        throw new DrydockError("DRYDOCK_USAGE", `${input}: not a valid image reference`);
      }
      return { kind: "registry", input, ref: rest };
    }
  }
  return parseBareTarget(input);
}

async function parseBareTarget(input: string): Promise<ImageTarget> {
  let found: Awaited<ReturnType<typeof splitPathAndSelector>>;
  try {
    found = await splitPathAndSelector(input, input, true);
  } catch (e) {
    if (
      e instanceof DrydockError &&
      e.code === "DRYDOCK_TARGET_NOT_FOUND" &&
      !looksLikePath(input) &&
      isImageReference(input)
    ) {
      return { kind: "registry", input, ref: input };
    }
    throw e;
  }
  const format = await detectFormat(input, found.path, found.stats);
  const { path } = found;
  switch (format) {
    case "docker-archive": {
      const select = archiveSelector(found.index, found.selector);
      return select ? { kind: format, input, path, select } : { kind: format, input, path };
    }
    case "oci-dir":
    case "oci-archive": {
      if (found.index !== undefined) {
        throw new DrydockError(
          "DRYDOCK_USAGE",
          `${input}: @N selects an image of a docker-archive only; use :REF`,
        );
      }
      return found.selector === undefined
        ? { kind: format, input, path }
        : { kind: format, input, path, ref: found.selector };
    }
    default:
      if (
        found.selector !== undefined &&
        found.index === undefined &&
        isImageReference(input) &&
        !looksLikePath(input)
      ) {
        // `alpine:3.19` run where a folder `alpine` happens to exist: the reference was meant.
        return { kind: "registry", input, ref: input };
      }
      if (found.selector !== undefined || found.index !== undefined) {
        throw new DrydockError(
          "DRYDOCK_USAGE",
          `${input}: a ${format === "dir" ? "directory" : "SBOM"} target takes no :REF or @N`,
        );
      }
      return { kind: format, input, path };
  }
}
