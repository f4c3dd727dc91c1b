import { constants } from "node:fs";
import { open, realpath, stat } from "node:fs/promises";
import { join, sep } from "node:path";
import type { Readable } from "node:stream";
import { DrydockError } from "../model/index.js";
import { normalizeArchivePath } from "./archive-path.js";
import { type BlobStore, blobReadChunk } from "./blob-store.js";

/**
 * A {@link BlobStore} over a directory (an OCI image layout on disk). A path that
 * resolves outside the directory (a `..` name, a symlinked blob pointing elsewhere) is
 * refused, so a hostile layout cannot make drydock read host files.
 */
export class DirBlobStore implements BlobStore {
  readonly label: string;
  readonly #root: string;

  private constructor(root: string, label: string) {
    this.#root = root;
    this.label = label;
  }

  static async open(dir: string, label: string): Promise<DirBlobStore> {
    return new DirBlobStore(await realpath(dir), label);
  }

  /** The real path of a member, or undefined when absent. */
  async #locate(path: string): Promise<string | undefined> {
    const normal = normalizeArchivePath(path);
    if (normal === undefined) {
      throw new DrydockError(
        "DRYDOCK_TARGET_FORMAT",
        `${this.label}: refusing path ${JSON.stringify(path)} (contains "..")`,
      );
    }
    let real: string;
    try {
      real = await realpath(join(this.#root, normal));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw this.#unreadable(path, e);
    }
    if (real !== this.#root && !real.startsWith(this.#root + sep)) {
      throw new DrydockError(
        "DRYDOCK_TARGET_FORMAT",
        `${this.label}: ${JSON.stringify(path)} resolves outside the layout directory`,
      );
    }
    const info = await stat(real);
    if (!info.isFile()) {
      throw new DrydockError(
        "DRYDOCK_TARGET_FORMAT",
        `${this.label}: ${JSON.stringify(path)} is not a regular file`,
      );
    }
    return real;
  }

  #unreadable(path: string, e: unknown): DrydockError {
    return new DrydockError(
      "DRYDOCK_TARGET_UNREADABLE",
      `${this.label}: cannot read ${JSON.stringify(path)}: ${(e as Error).message}`,
      { cause: e },
    );
  }

  async size(path: string): Promise<number | undefined> {
    const real = await this.#locate(path);
    return real === undefined ? undefined : (await stat(real)).size;
  }

  async read(path: string, maxBytes: number): Promise<Buffer | undefined> {
    const real = await this.#locate(path);
    if (real === undefined) return undefined;
    const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
    try {
      const { size } = await handle.stat();
      if (size > maxBytes) {
        throw new DrydockError(
          "DRYDOCK_TARGET_FORMAT",
          `${this.label}: ${JSON.stringify(path)} is ${size} bytes, more than the ${maxBytes} allowed`,
        );
      }
      return await handle.readFile();
    } catch (e) {
      if (e instanceof DrydockError) throw e;
      throw this.#unreadable(path, e);
    } finally {
      await handle.close();
    }
  }

  async open(path: string): Promise<Readable> {
    const real = await this.#locate(path);
    if (real === undefined) {
      throw new DrydockError("DRYDOCK_BLOB_MISSING", `${this.label}: ${JSON.stringify(path)} is missing`);
    }
    try {
      const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW);
      return handle.createReadStream({ highWaterMark: blobReadChunk });
    } catch (e) {
      throw this.#unreadable(path, e);
    }
  }

  async close(): Promise<void> {}
}
