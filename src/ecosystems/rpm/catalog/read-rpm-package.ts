import { type RpmHeader, readRpmInts, readRpmString, readRpmStringArray } from "./rpm-header.js";
import { RpmTag } from "./rpm-tags.js";

/** The facts drydock keeps from one installed package's header. */
export interface RpmPackageInfo {
  name: string;
  version: string;
  release: string;
  epoch?: number;
  arch?: string;
  sourceRpm?: string;
  license?: string;
  vendor?: string;
  modularityLabel?: string;
  /** Installed size in bytes (SIZE, or LONGSIZE for packages over 4 GiB). */
  size?: number;
  /** Absolute paths of the files and directories the package installs. */
  files: string[];
  /** Problems that did not stop the package from being read (bad file list, bad entries). */
  problems: string[];
}

/**
 * Reads the package facts from an indexed header. Fails (returns an error string) only when
 * NAME, VERSION or RELEASE is missing: without them there is no package to report.
 */
export function readRpmPackage(h: RpmHeader): RpmPackageInfo | { error: string } {
  const name = readRpmString(h, RpmTag.name);
  const version = readRpmString(h, RpmTag.version);
  const release = readRpmString(h, RpmTag.release);
  if (!name || !version || release === undefined) {
    return { error: `header lacks ${!name ? "NAME" : !version ? "VERSION" : "RELEASE"}` };
  }
  const problems = [...h.problems];
  const info: RpmPackageInfo = { name, version, release, files: [], problems };
  const epoch = readRpmInts(h, RpmTag.epoch)?.[0];
  if (epoch !== undefined) info.epoch = epoch;
  const optional: [keyof RpmPackageInfo & string, number][] = [
    ["arch", RpmTag.arch],
    ["sourceRpm", RpmTag.sourceRpm],
    ["license", RpmTag.license],
    ["vendor", RpmTag.vendor],
    ["modularityLabel", RpmTag.modularityLabel],
  ];
  for (const [key, tag] of optional) {
    const value = readRpmString(h, tag);
    if (value) (info as unknown as Record<string, string>)[key] = value;
  }
  const size = readRpmInts(h, RpmTag.longSize)?.[0] ?? readRpmInts(h, RpmTag.size)?.[0];
  if (size !== undefined) info.size = size;
  const files = readFileList(h);
  if (typeof files === "string") problems.push(files);
  else info.files = files;
  return info;
}

/** The file list: BASENAMES joined with DIRNAMES through DIRINDEXES, or legacy OLDFILENAMES. */
function readFileList(h: RpmHeader): string[] | string {
  const baseNames = readRpmStringArray(h, RpmTag.baseNames);
  if (!baseNames) return readRpmStringArray(h, RpmTag.oldFilenames) ?? [];
  const dirNames = readRpmStringArray(h, RpmTag.dirNames);
  const dirIndexes = readRpmInts(h, RpmTag.dirIndexes);
  if (!dirNames || !dirIndexes || dirIndexes.length !== baseNames.length) {
    return "file list is inconsistent (BASENAMES, DIRNAMES and DIRINDEXES do not match): files not recorded";
  }
  const files: string[] = [];
  for (let i = 0; i < baseNames.length; i++) {
    const dir = dirNames[dirIndexes[i]!];
    if (dir === undefined)
      return `file list names directory index ${dirIndexes[i]} of ${dirNames.length}: files not recorded`;
    files.push(dir + baseNames[i]);
  }
  return files;
}
