/** One package record of apk's installed database, fields named after apk-tools' own. */
export interface ApkRecord {
  name?: string;
  version?: string;
  arch?: string;
  /** `o:`: the source package (aports directory) the package was built from. */
  origin?: string;
  license?: string;
  maintainer?: string;
  description?: string;
  url?: string;
  /** `t:` build time, Unix seconds. */
  buildTime?: number;
  /** `c:` aports commit. */
  commit?: string;
  /** `C:` package checksum. */
  checksum?: string;
  /** `S:` package size, `I:` installed size. */
  size?: number;
  installedSize?: number;
  dependencies: string[];
  provides: string[];
  replaces: string[];
  installIf: string[];
  providerPriority?: number;
  replacesPriority?: number;
  /** Directories (`F:`) and files (`R:`), absolute. */
  files: string[];
  /** 1-based line of the record's first line. */
  line: number;
}

/**
 * Parses `/lib/apk/db/installed` (apk-tools' "installed database" v2 text format: one
 * `X:value` line per field, records separated by blank lines; `F:` opens a directory and
 * the `R:` lines after it are its files; `a:`, `M:` and `Z:` are per-file attributes and
 * checksums, not kept). Lines of another shape are counted as problems, never thrown on.
 * Linear in the input.
 */
export function parseApkDb(text: string): { records: ApkRecord[]; badLines: number[] } {
  const records: ApkRecord[] = [];
  const badLines: number[] = [];
  let current: ApkRecord | undefined;
  let dir = "";
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const line = text.slice(start, end).replace(/\r$/, "");
    lineNo++;
    start = end + 1;
    if (line.trim() === "") {
      if (current) records.push(current);
      current = undefined;
      dir = "";
      continue;
    }
    if (line.length < 2 || line[1] !== ":") {
      badLines.push(lineNo);
      continue;
    }
    current ??= newRecord(lineNo);
    const value = line.slice(2);
    switch (line[0]) {
      case "P":
        current.name = value;
        break;
      case "V":
        current.version = value;
        break;
      case "A":
        current.arch = value;
        break;
      case "o":
        current.origin = value;
        break;
      case "L":
        current.license = value;
        break;
      case "m":
        current.maintainer = value;
        break;
      case "T":
        current.description = value;
        break;
      case "U":
        current.url = value;
        break;
      case "t":
        current.buildTime = toNumber(value);
        break;
      case "c":
        current.commit = value;
        break;
      case "C":
        current.checksum = value;
        break;
      case "S":
        current.size = toNumber(value);
        break;
      case "I":
        current.installedSize = toNumber(value);
        break;
      case "D":
        current.dependencies = words(value);
        break;
      case "p":
        current.provides = words(value);
        break;
      case "r":
        current.replaces = words(value);
        break;
      case "i":
        current.installIf = words(value);
        break;
      case "k":
        current.providerPriority = toNumber(value);
        break;
      case "q":
        current.replacesPriority = toNumber(value);
        break;
      case "F":
        dir = value.replace(/^\/+|\/+$/g, "");
        if (dir) current.files.push(`/${dir}`);
        break;
      case "R":
        current.files.push(dir ? `/${dir}/${value}` : `/${value}`);
        break;
      default:
        // a: M: Z: and fields apk-tools may add later.
        break;
    }
  }
  if (current) records.push(current);
  return { records, badLines };
}

function newRecord(line: number): ApkRecord {
  return { dependencies: [], provides: [], replaces: [], installIf: [], files: [], line };
}

function words(value: string): string[] {
  return value.split(/\s+/).filter(Boolean);
}

function toNumber(value: string): number | undefined {
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
