import { createHash } from "node:crypto";
import type { Stats } from "node:fs";
import { lstat, readdir, readlink } from "node:fs/promises";
import { join } from "node:path";
import { type Digest, DrydockError } from "../../model/index.js";

/** One entry of a root filesystem listing (never followed through a symlink). */
export interface RootfsEntry {
  /** Relative POSIX path inside the root, no leading `/`. */
  path: string;
  type: "file" | "directory" | "symlink" | "hardlink" | "character-device" | "block-device" | "fifo";
  mode: number;
  uid: number;
  gid: number;
  /** Content bytes (regular files only). */
  size: number;
  mtimeMs: number;
  /** Symlink target as stored, or the first path of a hard-linked file. */
  linkname?: string;
  devmajor?: number;
  devminor?: number;
}

export interface RootfsListing {
  entries: RootfsEntry[];
  /** Sockets and other things a tar cannot hold, left out. */
  skipped: string[];
  /** Sum of regular file sizes. */
  contentBytes: number;
}

const defaultMaxEntries = 2_000_000;

function classify(info: Stats): RootfsEntry["type"] | undefined {
  if (info.isFile()) return "file";
  if (info.isDirectory()) return "directory";
  if (info.isSymbolicLink()) return "symlink";
  if (info.isCharacterDevice()) return "character-device";
  if (info.isBlockDevice()) return "block-device";
  if (info.isFIFO()) return "fifo";
  return undefined;
}

/**
 * Lists a root filesystem depth-first in byte order of names, with `lstat`: symlinks are
 * recorded as links and never followed, so nothing outside `root` is ever visited.
 * A file with several hard links is listed once as a file, then as hard links to it.
 * @throws DrydockError DRYDOCK_TARGET_UNREADABLE (a folder cannot be listed),
 *   DRYDOCK_LAYER_LIMIT (more than `maxEntries`).
 */
export async function walkRootfs(
  root: string,
  input: string,
  maxEntries = defaultMaxEntries,
): Promise<RootfsListing> {
  const entries: RootfsEntry[] = [];
  const skipped: string[] = [];
  const firstPathOfInode = new Map<string, string>();
  let contentBytes = 0;
  const pending: string[] = [""];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let names: string[];
    try {
      names = await readdir(join(root, dir));
    } catch (e) {
      throw new DrydockError(
        "DRYDOCK_TARGET_UNREADABLE",
        `${input}: cannot list /${dir}: ${(e as Error).message}`,
        { cause: e },
      );
    }
    names.sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.from(a) > Buffer.from(b) ? 1 : 0));
    const subdirs: string[] = [];
    for (const name of names) {
      const path = dir === "" ? name : `${dir}/${name}`;
      let info: Stats;
      try {
        info = await lstat(join(root, path));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") continue; // removed while listing
        throw new DrydockError(
          "DRYDOCK_TARGET_UNREADABLE",
          `${input}: cannot stat /${path}: ${(e as Error).message}`,
          { cause: e },
        );
      }
      const type = classify(info);
      if (type === undefined) {
        skipped.push(path);
        continue;
      }
      if (entries.length >= maxEntries) {
        throw new DrydockError(
          "DRYDOCK_LAYER_LIMIT",
          `${input}: more than ${maxEntries} entries in the root filesystem`,
        );
      }
      const entry: RootfsEntry = {
        path,
        type,
        mode: info.mode & 0o7777,
        uid: info.uid,
        gid: info.gid,
        size: 0,
        mtimeMs: Math.trunc(info.mtimeMs),
      };
      if (type === "file") {
        const key = `${info.dev}:${info.ino}`;
        const first = info.nlink > 1 ? firstPathOfInode.get(key) : undefined;
        if (first !== undefined) {
          entry.type = "hardlink";
          entry.linkname = first;
        } else {
          if (info.nlink > 1) firstPathOfInode.set(key, path);
          entry.size = info.size;
          contentBytes += info.size;
        }
      } else if (type === "symlink") {
        entry.linkname = await readlink(join(root, path));
      } else if (type === "directory") {
        subdirs.push(path);
      } else if (type === "character-device" || type === "block-device") {
        entry.devmajor = Math.floor(info.rdev / 256);
        entry.devminor = info.rdev % 256;
      }
      entries.push(entry);
    }
    // Depth-first in name order: push children reversed so the first is visited first.
    for (let i = subdirs.length - 1; i >= 0; i--) pending.push(subdirs[i] as string);
  }
  return { entries: orderDepthFirst(entries), skipped, contentBytes };
}

/** Puts each directory's content right after it (the walk above lists level by level). */
function orderDepthFirst(entries: RootfsEntry[]): RootfsEntry[] {
  const children = new Map<string, RootfsEntry[]>();
  for (const e of entries) {
    const slash = e.path.lastIndexOf("/");
    const parent = slash === -1 ? "" : e.path.slice(0, slash);
    const list = children.get(parent);
    if (list) list.push(e);
    else children.set(parent, [e]);
  }
  const out: RootfsEntry[] = [];
  const visit = (dir: string) => {
    for (const e of children.get(dir) ?? []) {
      out.push(e);
      if (e.type === "directory") visit(e.path);
    }
  };
  visit("");
  return out;
}

/**
 * The synthetic digest of a root filesystem listing, used as both digest and diffId of
 * its one layer: sha256 over one line per entry, in listing order,
 * `<type> <mode octal> <uid>:<gid> <size> <mtime ms> <path>[ -> <linkname>]\n`, path and
 * link JSON-quoted. File contents are not read: the same tree with the same metadata gives
 * the same digest, and any change a rebuild makes (size, time, mode, a file added or
 * removed) gives another one. It is not the digest of the generated tar bytes.
 */
export function digestRootfsListing(entries: RootfsEntry[]): Digest {
  const hash = createHash("sha256");
  for (const e of entries) {
    hash.update(
      `${e.type} ${e.mode.toString(8)} ${e.uid}:${e.gid} ${e.size} ${e.mtimeMs} ${JSON.stringify(e.path)}${e.linkname === undefined ? "" : ` -> ${JSON.stringify(e.linkname)}`}\n`,
    );
  }
  return `sha256:${hash.digest("hex")}`;
}
