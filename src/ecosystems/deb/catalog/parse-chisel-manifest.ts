/** A package Chisel installed slices of. */
export interface ChiselPackage {
  name: string;
  version: string;
  arch?: string;
  /** sha256 of the .deb the slices were cut from. */
  sha256?: string;
  /** Names of the package's slices that are installed (`libc6_libs`). */
  slices: string[];
  /** Paths the package's slices installed. */
  files: string[];
}

/**
 * Reads an uncompressed Chisel manifest (jsonwall: a `{"jsonwall":"1.0",...}` header line,
 * then one JSON object per line of kind `package`, `slice`, `path` or `content`;
 * https://documentation.ubuntu.com/chisel/en/latest/reference/manifest). Slice names are
 * `<package>_<slice>`; a path belongs to the packages of the slices that list it.
 */
export function parseChiselManifest(text: string): { packages: ChiselPackage[]; problems: string[] } {
  const problems: string[] = [];
  const lines = text.split("\n");
  const header = parseLine(lines[0] ?? "");
  if (!header || typeof header.jsonwall !== "string" || !String(header.schema ?? "").startsWith("1.")) {
    return { packages: [], problems: ["not a jsonwall manifest with schema 1.x (bad header line)"] };
  }
  const packages = new Map<string, ChiselPackage>();
  const files = new Map<string, Set<string>>();
  const slices = new Map<string, Set<string>>();
  const addFile = (slice: unknown, path: unknown): void => {
    if (typeof slice !== "string" || typeof path !== "string") return;
    const pkg = packageOfSlice(slice);
    if (!pkg) return;
    const set = files.get(pkg) ?? new Set<string>();
    // Directories are recorded with a trailing slash.
    set.add(path.length > 1 ? path.replace(/\/$/, "") : path);
    files.set(pkg, set);
  };
  let bad = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const rec = parseLine(line);
    if (!rec) {
      bad++;
      continue;
    }
    if (rec.kind === "package") {
      if (typeof rec.name !== "string" || typeof rec.version !== "string" || !rec.name || !rec.version) {
        problems.push(`line ${i + 1}: package record without name or version`);
        continue;
      }
      const pkg: ChiselPackage = { name: rec.name, version: rec.version, slices: [], files: [] };
      if (typeof rec.arch === "string") pkg.arch = rec.arch;
      if (typeof rec.sha256 === "string") pkg.sha256 = rec.sha256;
      packages.set(rec.name, pkg);
    } else if (rec.kind === "slice" && typeof rec.name === "string") {
      const pkg = packageOfSlice(rec.name);
      if (pkg) slices.set(pkg, (slices.get(pkg) ?? new Set()).add(rec.name));
    } else if (rec.kind === "path" && Array.isArray(rec.slices)) {
      for (const s of rec.slices) addFile(s, rec.path);
    } else if (rec.kind === "content") {
      addFile(rec.slice, rec.path);
    }
  }
  if (bad > 0) problems.push(`${bad} lines are not JSON objects`);
  for (const pkg of packages.values()) {
    pkg.slices = [...(slices.get(pkg.name) ?? [])].sort();
    pkg.files = [...(files.get(pkg.name) ?? [])].sort();
  }
  return { packages: [...packages.values()], problems };
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return typeof v === "object" && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Debian package names hold no `_`, so the package is what comes before the first one. */
function packageOfSlice(slice: string): string | undefined {
  const us = slice.indexOf("_");
  return us > 0 ? slice.slice(0, us) : undefined;
}
