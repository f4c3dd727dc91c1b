/** One block of a yarn v1 lockfile: the descriptors it resolves and its fields. */
export interface YarnV1Block {
  /** `name@range` descriptors of the header line, unquoted. */
  descriptors: string[];
  /** Scalar fields (`version`, `resolved`, `integrity`, ...), unquoted. */
  fields: Record<string, string>;
  /** Nested maps (`dependencies`, `optionalDependencies`): name → range. */
  maps: Record<string, Record<string, string>>;
  /** 1-based line of the header. */
  line: number;
}

/**
 * Reads the yarn v1 lockfile format (a YAML-like, indentation-based syntax written by
 * `@yarnpkg/lockfile`): header lines at column 0 listing comma-separated descriptors, two-space
 * indented `key value` fields and four-space indented nested maps. Lines that fit none of
 * these are counted in `skipped`, never fatal. Linear in the input.
 */
export function parseYarnV1(text: string): { blocks: YarnV1Block[]; skipped: number } {
  const blocks: YarnV1Block[] = [];
  let current: YarnV1Block | undefined;
  let currentMap: Record<string, string> | undefined;
  let skipped = 0;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? "";
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) continue;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    if (indent === 0) {
      currentMap = undefined;
      if (!line.endsWith(":")) {
        current = undefined;
        skipped++;
        continue;
      }
      current = { descriptors: splitDescriptors(line.slice(0, -1)), fields: {}, maps: {}, line: i + 1 };
      blocks.push(current);
      continue;
    }
    if (current === undefined) {
      skipped++;
      continue;
    }
    const [key, value] = splitKeyValue(line);
    if (indent <= 2) {
      if (value === undefined && key.endsWith(":")) {
        currentMap = {};
        current.maps[unquote(key.slice(0, -1))] = currentMap;
      } else {
        currentMap = undefined;
        current.fields[unquote(key)] = unquote(value ?? "");
      }
    } else if (currentMap !== undefined) {
      currentMap[unquote(key)] = unquote(value ?? "");
    } else {
      skipped++;
    }
  }
  return { blocks, skipped };
}

function splitDescriptors(header: string): string[] {
  return header
    .split(/,\s*/)
    .map((d) => unquote(d.trim()))
    .filter((d) => d !== "");
}

/** `key value`, where either may be double-quoted (quoted keys may hold spaces). */
function splitKeyValue(line: string): [string, string | undefined] {
  let end: number;
  if (line.startsWith('"')) {
    end = findClosingQuote(line, 0) + 1;
  } else {
    end = line.search(/\s/);
    if (end < 0) return [line, undefined];
  }
  const key = line.slice(0, end);
  const value = line.slice(end).trim();
  return [key, value === "" ? undefined : value];
}

function findClosingQuote(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

function unquote(text: string): string {
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) {
    return text.slice(1, -1).replace(/\\(.)/g, "$1");
  }
  return text;
}
