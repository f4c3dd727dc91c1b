import type { Readable } from "node:stream";
import type { BlobStore } from "./blob-store.js";
import { TarIndex } from "./tar-index.js";

/** A {@link BlobStore} over the members of an uncompressed tar, read in place via {@link TarIndex}. */
export class TarBlobStore implements BlobStore {
  readonly label: string;
  readonly index: TarIndex;

  constructor(index: TarIndex) {
    this.index = index;
    this.label = index.label;
  }

  static async open(file: string, label: string): Promise<TarBlobStore> {
    return new TarBlobStore(await TarIndex.open(file, { label }));
  }

  async size(path: string): Promise<number | undefined> {
    return this.index.resolve(path)?.size;
  }

  async read(path: string, maxBytes: number): Promise<Buffer | undefined> {
    if (this.index.resolve(path) === undefined) return undefined;
    return this.index.read(path, maxBytes);
  }

  async open(path: string): Promise<Readable> {
    return this.index.open(path);
  }

  async close(): Promise<void> {}
}
