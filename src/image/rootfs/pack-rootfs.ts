import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import tar from "tar-stream";
import { DrydockError } from "../../model/index.js";
import type { RootfsEntry } from "./walk-rootfs.js";

/**
 * Generates the tar of a listed root filesystem on the fly (nothing is written to disk):
 * entries in listing order, file contents read with `O_NOFOLLOW` so a file swapped for a
 * symlink after the listing is refused rather than followed out of the root.
 * A file whose size changed since the listing fails the stream with DRYDOCK_TARGET_UNREADABLE.
 */
export function packRootfs(root: string, entries: RootfsEntry[], input: string): Readable {
  const pack = tar.pack();
  const out = new PassThrough();
  pack.on("error", (e) => out.destroy(e));
  pack.pipe(out);
  out.on("close", () => {
    if (!pack.destroyed) pack.destroy();
  });
  (async () => {
    for (const e of entries) {
      if (out.destroyed) return;
      const header = {
        name: e.type === "directory" ? `${e.path}/` : e.path,
        mode: e.mode,
        uid: e.uid,
        gid: e.gid,
        mtime: new Date(e.mtimeMs),
        type: e.type === "hardlink" ? ("link" as const) : e.type,
        size: e.type === "file" ? e.size : 0,
        ...(e.linkname === undefined ? {} : { linkname: e.linkname }),
        ...(e.devmajor === undefined ? {} : { devmajor: e.devmajor, devminor: e.devminor ?? 0 }),
      };
      if (e.type !== "file") {
        await new Promise<void>((resolve, reject) =>
          pack.entry(header, (err) => (err ? reject(err) : resolve())),
        );
        continue;
      }
      await packFile(pack, header, join(root, e.path), e, input);
    }
    pack.finalize();
  })().catch((error: unknown) => {
    const e =
      error instanceof DrydockError
        ? error
        : new DrydockError("DRYDOCK_TARGET_UNREADABLE", `${input}: ${(error as Error).message}`, {
            cause: error,
          });
    out.destroy(e);
    pack.destroy();
  });
  return out;
}

async function packFile(
  pack: tar.Pack,
  header: Partial<tar.Header> & Pick<tar.Header, "name">,
  file: string,
  e: RootfsEntry,
  input: string,
): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    throw new DrydockError(
      "DRYDOCK_TARGET_UNREADABLE",
      `${input}: cannot read /${e.path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size !== e.size) {
      throw new DrydockError("DRYDOCK_TARGET_UNREADABLE", `${input}: /${e.path} changed while it was read`);
    }
    const entry = pack.entry(header);
    await pipeline(
      handle.createReadStream({ autoClose: false, end: Math.max(e.size - 1, 0), start: 0 }),
      entry,
    );
  } finally {
    await handle.close();
  }
}
