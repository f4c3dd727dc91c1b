import { createReadStream } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { DrydockError } from "../model/index.js";
import { normalizeArchivePath, resolveLinkTarget } from "./archive-path.js";
import { blobReadChunk } from "./blob-store.js";
import {
  blockSize,
  hasNoData,
  isZeroBlock,
  paddedSize,
  parsePaxRecords,
  parseTarHeader,
  type TarEntryType,
  TarHeaderError,
} from "./tar-header.js";

/** One member of an indexed tar: where its data starts in the file and how long it is. */
export interface TarEntry {
  /** Normalised member name (no leading `./` or `/`). */
  name: string;
  type: TarEntryType;
  /** Byte offset of the entry's data in the archive file. */
  offset: number;
  size: number;
  linkname?: string;
}

export interface TarIndexOptions {
  /** Names the archive in error messages (the target as the user gave it). */
  label?: string;
  /** Refuse archives with more members than this (a container archive has few). */
  maxEntries?: number;
}

const maxMetaBytes = 1024 * 1024;
const maxLinkHops = 40;

/**
 * The last archive indexed, by file identity: detecting a target's format and then opening
 * it both index the same headers (thousands of seeks on a large archive). Reused only while
 * device, inode, size, modification and change times all match, so an archive rewritten in
 * between is indexed afresh; member data is read, and digests checked, from the file as it is.
 */
let lastIndexed: { key: string; entries: Map<string, TarEntry>; unsafe: string[] } | undefined;

/**
 * Random access into an uncompressed tar file without extracting it: the headers are read
 * once, then each member is streamed straight from its byte range. Used for docker-archive
 * and oci-archive targets. Member names with `..` are not indexed and cannot be looked up;
 * symlinks and hard links resolve inside the archive only.
 */
export class TarIndex {
  readonly file: string;
  readonly label: string;
  readonly #entries: Map<string, TarEntry>;
  /** Names that were skipped because they would escape the archive root. */
  readonly unsafeNames: string[];

  private constructor(file: string, label: string, entries: Map<string, TarEntry>, unsafe: string[]) {
    this.file = file;
    this.label = label;
    this.#entries = entries;
    this.unsafeNames = unsafe;
  }

  /**
   * Reads every header of `file`.
   * @throws DrydockError DRYDOCK_TARGET_FORMAT when the file is not a tar or is truncated,
   *   DRYDOCK_TARGET_UNREADABLE when it cannot be read.
   */
  static async open(file: string, options: TarIndexOptions = {}): Promise<TarIndex> {
    const label = options.label ?? file;
    let handle: FileHandle;
    try {
      handle = await open(file, "r");
    } catch (e) {
      throw new DrydockError("DRYDOCK_TARGET_UNREADABLE", `${label}: cannot open: ${(e as Error).message}`, {
        cause: e,
      });
    }
    try {
      const stats = await handle.stat({ bigint: true });
      const maxEntries = options.maxEntries ?? 100_000;
      const key = [
        file,
        label,
        maxEntries,
        stats.dev,
        stats.ino,
        stats.size,
        stats.mtimeNs,
        stats.ctimeNs,
      ].join("\u0000");
      if (lastIndexed?.key === key) return new TarIndex(file, label, lastIndexed.entries, lastIndexed.unsafe);
      const { entries, unsafe } = await scanHeaders(handle, Number(stats.size), label, maxEntries);
      lastIndexed = { key, entries, unsafe };
      return new TarIndex(file, label, entries, unsafe);
    } finally {
      await handle.close();
    }
  }

  /** Every indexed member name, in archive order of last occurrence. */
  names(): string[] {
    return [...this.#entries.keys()];
  }

  /** The raw entry for a name (no link following), or undefined. */
  lookup(name: string): TarEntry | undefined {
    const normal = normalizeArchivePath(name);
    return normal === undefined ? undefined : this.#entries.get(normal);
  }

  /** True when `name` resolves (through links) to a regular file. */
  hasFile(name: string): boolean {
    try {
      return this.resolve(name) !== undefined;
    } catch {
      return false;
    }
  }

  /**
   * Resolves a name to the regular file it designates, following symlinks (on any path
   * component) and hard links inside the archive.
   * @returns undefined when there is no such member.
   * @throws DrydockError DRYDOCK_TARGET_FORMAT for a `..` name, a link leaving the archive,
   *   a link loop, or a member that is not a file.
   */
  resolve(name: string): TarEntry | undefined {
    if (normalizeArchivePath(name) === undefined) {
      throw new DrydockError(
        "DRYDOCK_TARGET_FORMAT",
        `${this.label}: refusing member name ${JSON.stringify(name)} (contains "..")`,
      );
    }
    let pending = normalizeArchivePath(name) ?? "";
    for (let hop = 0; hop <= maxLinkHops; hop++) {
      const step = this.#followOnce(pending);
      if (step === undefined) return undefined;
      if (typeof step === "string") {
        pending = step;
        continue;
      }
      if (step.type === "directory") {
        throw new DrydockError(
          "DRYDOCK_TARGET_FORMAT",
          `${this.label}: ${JSON.stringify(name)} is a directory, not a file`,
        );
      }
      if (step.type !== "file") {
        throw new DrydockError(
          "DRYDOCK_TARGET_FORMAT",
          `${this.label}: ${JSON.stringify(name)} is not a regular file`,
        );
      }
      return step;
    }
    throw new DrydockError(
      "DRYDOCK_TARGET_FORMAT",
      `${this.label}: too many links resolving ${JSON.stringify(name)}`,
    );
  }

  /** One resolution step: the entry itself, a rewritten path (a link was crossed), or undefined. */
  #followOnce(path: string): TarEntry | string | undefined {
    const parts = path.split("/");
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      const entry = this.#entries.get(prefix);
      if (entry === undefined) {
        if (i === parts.length) return undefined;
        continue;
      }
      const rest = parts.slice(i).join("/");
      if (entry.type === "symlink" || entry.type === "hardlink") {
        const target =
          entry.type === "symlink"
            ? resolveLinkTarget(prefix, entry.linkname ?? "")
            : normalizeArchivePath(entry.linkname ?? "");
        if (target === undefined || target === "") {
          throw new DrydockError(
            "DRYDOCK_TARGET_FORMAT",
            `${this.label}: link ${JSON.stringify(prefix)} points outside the archive (${JSON.stringify(entry.linkname)})`,
          );
        }
        return rest === "" ? target : `${target}/${rest}`;
      }
      if (i === parts.length) return entry;
    }
    return undefined;
  }

  /**
   * Streams a member's data (links resolved).
   * @throws DrydockError DRYDOCK_BLOB_MISSING when there is no such member.
   */
  open(name: string): Readable {
    const entry = this.#require(name);
    if (entry.size === 0) return createReadStream(this.file, { start: 1, end: 0 });
    return createReadStream(this.file, {
      start: entry.offset,
      end: entry.offset + entry.size - 1,
      highWaterMark: blobReadChunk,
    });
  }

  /**
   * Reads a member whole, refusing one larger than `maxBytes`.
   * @throws DrydockError DRYDOCK_BLOB_MISSING, DRYDOCK_TARGET_FORMAT when too large.
   */
  async read(name: string, maxBytes: number): Promise<Buffer> {
    const entry = this.#require(name);
    if (entry.size > maxBytes) {
      throw new DrydockError(
        "DRYDOCK_TARGET_FORMAT",
        `${this.label}: ${JSON.stringify(name)} is ${entry.size} bytes, more than the ${maxBytes} allowed`,
      );
    }
    const handle = await open(this.file, "r");
    try {
      const buffer = Buffer.alloc(entry.size);
      const { bytesRead } = await handle.read(buffer, 0, entry.size, entry.offset);
      if (bytesRead !== entry.size) {
        throw new DrydockError(
          "DRYDOCK_TARGET_FORMAT",
          `${this.label}: ${JSON.stringify(name)} is truncated`,
        );
      }
      return buffer;
    } finally {
      await handle.close();
    }
  }

  /** The first `length` bytes of a member (fewer when it is shorter), links resolved. */
  async head(name: string, length: number): Promise<Buffer> {
    const entry = this.#require(name);
    const handle = await open(this.file, "r");
    try {
      return await readBlock(handle, entry.offset, Math.min(length, entry.size));
    } finally {
      await handle.close();
    }
  }

  #require(name: string): TarEntry {
    const entry = this.resolve(name);
    if (entry === undefined) {
      throw new DrydockError(
        "DRYDOCK_BLOB_MISSING",
        `${this.label}: no member ${JSON.stringify(name)} in the archive`,
      );
    }
    return entry;
  }
}

async function readBlock(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
}

async function scanHeaders(
  handle: FileHandle,
  fileSize: number,
  label: string,
  maxEntries: number,
): Promise<{ entries: Map<string, TarEntry>; unsafe: string[] }> {
  const entries = new Map<string, TarEntry>();
  const unsafe: string[] = [];
  const corrupt = (why: string) =>
    new DrydockError("DRYDOCK_TARGET_FORMAT", `${label}: not a valid tar archive: ${why}`);
  let position = 0;
  let pax = new Map<string, string>();
  let longName: string | undefined;
  let longLink: string | undefined;
  let count = 0;
  while (true) {
    if (position >= fileSize) {
      if (count === 0) throw corrupt("empty file");
      break; // Archives ending without the two zero blocks are accepted, as GNU tar does.
    }
    const block = await readBlock(handle, position, blockSize);
    if (block.length < blockSize) throw corrupt(`truncated header at byte ${position}`);
    if (isZeroBlock(block)) break;
    let header: ReturnType<typeof parseTarHeader>;
    try {
      header = parseTarHeader(block);
    } catch (e) {
      if (e instanceof TarHeaderError) throw corrupt(`${e.message} at byte ${position}`);
      throw e;
    }
    const dataOffset = position + blockSize;
    const size = pax.has("size") ? Number(pax.get("size")) : header.size;
    if (!Number.isSafeInteger(size) || size < 0) throw corrupt(`bad size at byte ${position}`);
    const dataSize = hasNoData(header.type) ? 0 : size;
    if (dataOffset + dataSize > fileSize) throw corrupt(`truncated member data at byte ${dataOffset}`);
    position = dataOffset + paddedSize(dataSize);
    if (++count > maxEntries) throw corrupt(`more than ${maxEntries} members`);

    if (header.type === "pax" || header.type === "gnu-long-name" || header.type === "gnu-long-link") {
      if (size > maxMetaBytes) throw corrupt(`oversized extended header at byte ${dataOffset}`);
      const data = await readBlock(handle, dataOffset, size);
      if (header.type === "pax") {
        try {
          pax = parsePaxRecords(data);
        } catch (e) {
          if (e instanceof TarHeaderError) throw corrupt(`${e.message} at byte ${dataOffset}`);
          throw e;
        }
      } else {
        const text = data.toString("utf8").replace(/\0+$/, "");
        if (header.type === "gnu-long-name") longName = text;
        else longLink = text;
      }
      continue;
    }
    if (header.type === "pax-global") continue;

    const rawName = pax.get("path") ?? longName ?? header.name;
    const linkname = pax.get("linkpath") ?? longLink ?? header.linkname;
    pax = new Map();
    longName = undefined;
    longLink = undefined;
    const name = normalizeArchivePath(rawName);
    if (name === undefined) {
      unsafe.push(rawName);
      continue;
    }
    if (name === "") continue;
    const entry: TarEntry = { name, type: header.type, offset: dataOffset, size: dataSize };
    if (linkname !== "") entry.linkname = linkname;
    entries.delete(name); // a later member replaces an earlier one, and moves to the end
    entries.set(name, entry);
  }
  return { entries, unsafe };
}
