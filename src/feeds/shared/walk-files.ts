import { readdir, stat } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { DrydockError } from "../../model/index.js";

/** One input file found under a path given to `db import`. */
export interface InputFile {
  /** Absolute path. */
  file: string;
  /** Path relative to the folder given (the file's own name when a file was given). */
  relativePath: string;
}

/**
 * Lists the files under each path (a file, or a folder walked recursively in name order).
 * Hidden entries (`.git`, `.DS_Store`) are skipped; symbolic links are followed for files
 * but not for folders, so a link cycle cannot loop.
 * @throws DrydockError DRYDOCK_FEED_UNREADABLE for a path that does not exist or cannot be listed.
 */
export async function walkInputFiles(paths: readonly string[]): Promise<InputFile[]> {
  const out: InputFile[] = [];
  for (const p of paths) {
    const root = resolve(p);
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(root);
    } catch (e) {
      throw new DrydockError("DRYDOCK_FEED_UNREADABLE", `feed ${p}: cannot be read: ${(e as Error).message}`);
    }
    if (info.isFile()) {
      out.push({ file: root, relativePath: root.split(/[\\/]/).pop()! });
      continue;
    }
    await walk(root, root, out);
  }
  return out;
}

async function walk(root: string, dir: string, out: InputFile[]): Promise<void> {
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw new DrydockError(
      "DRYDOCK_FEED_UNREADABLE",
      `feed ${dir}: cannot be listed: ${(e as Error).message}`,
    );
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith(".")) continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) await walk(root, full, out);
    else if (e.isFile()) out.push({ file: full, relativePath: relative(root, full) });
    else if (e.isSymbolicLink()) {
      const target = await stat(full).catch(() => undefined);
      if (target?.isFile()) out.push({ file: full, relativePath: relative(root, full) });
    }
  }
}
