/**
 * Where a layer read puts the bytes of its selected files, and which of them it keeps for
 * hard links that follow their target in the tar (up to `LayerLimits.maxRetainedBytes`).
 */
export interface FileBuffers {
  /** Memory for the next selected file's `size` bytes (the reader fills all of it). */
  allocate(size: number): Buffer;
  /** Keeps a file's bytes for later hard links to `path`, dropping the oldest past the cap. */
  keep(path: string, bytes: Buffer): void;
  /** The bytes kept for `path`, if they still are. */
  kept(path: string): Buffer | undefined;
  /** Drops everything: the layer is read. */
  clear(): void;
}

/**
 * A fresh buffer per file, kept as long as the caller holds it: for callers that keep the
 * bytes after `onFile` (tests, tools). Keeps the newest files up to `maxKept` bytes.
 */
export function freshFileBuffers(maxKept: number): FileBuffers {
  const kept = new Map<string, Buffer>();
  let keptBytes = 0;
  return {
    allocate: (size) => Buffer.allocUnsafe(size),
    keep(path, bytes) {
      if (bytes.length > maxKept) return;
      const previous = kept.get(path);
      if (previous !== undefined) {
        kept.delete(path);
        keptBytes -= previous.length;
      }
      kept.set(path, bytes);
      keptBytes += bytes.length;
      for (const [key, value] of kept) {
        if (keptBytes <= maxKept) break;
        kept.delete(key);
        keptBytes -= value.length;
      }
    },
    kept: (path) => kept.get(path),
    clear() {
      kept.clear();
      keptBytes = 0;
    },
  };
}

interface RingEntry {
  bytes: Buffer;
  start: number;
  /** How many times the ring had wrapped when the entry was written. */
  lap: number;
}

/**
 * Reused memory: files are written one after another into one ring of `capacity` bytes
 * (allocated on first use), wrapping to its start when the next file does not fit, and
 * each file stays kept until the ring overwrites it. A file larger than the ring goes to
 * one scratch buffer, grown as such files need (up to `maxFileSize`), and is never kept,
 * as with fresh buffers. A layer of many large selected files (executables, for the Go and
 * Rust catalogers) then costs no allocation or garbage per file, and writes the same pages
 * again instead of new ones; but a file's bytes are valid only until the next `allocate`,
 * so the reader hands them only to callers that do not keep them.
 */
export function reusedFileBuffers(capacity: number, maxFileSize: number): FileBuffers {
  let ring: Buffer | undefined;
  let scratch: Buffer | undefined;
  let head = 0;
  let lap = 0;
  /** Kept files in write order: those of the previous lap (start ≥ head) come first. */
  const kept = new Map<string, RingEntry>();
  let last: RingEntry | undefined;

  /** Drops the oldest kept files while `overwritten` says their bytes are about to be. */
  const dropOldest = (overwritten: (entry: RingEntry) => boolean): void => {
    for (const [path, entry] of kept) {
      if (!overwritten(entry)) return;
      kept.delete(path);
    }
  };

  return {
    allocate(size) {
      if (size > capacity) {
        last = undefined;
        // Room to spare (pages are touched only as written): a run of ever so slightly
        // larger files (cc1, cc1plus, lto1...) then allocates once, not once per file.
        if (scratch === undefined || scratch.length < size) {
          const roomy = Math.max(2 * capacity, Math.floor((scratch?.length ?? 0) * 1.5));
          scratch = Buffer.allocUnsafeSlow(Math.max(size, Math.min(maxFileSize, roomy)));
        }
        return scratch.subarray(0, size);
      }
      ring ??= Buffer.allocUnsafeSlow(capacity);
      if (head + size > capacity) {
        // The rest of the previous lap is given up: every file still kept from it goes.
        dropOldest((e) => e.lap < lap);
        lap++;
        head = 0;
      }
      const end = head + size;
      dropOldest((e) => e.lap < lap && e.start < end);
      last = { bytes: ring.subarray(head, end), start: head, lap };
      head = end;
      return last.bytes;
    },
    keep(path, bytes) {
      // Only the file just read can be added: a hard link's bytes are kept under its target.
      if (
        last === undefined ||
        bytes.buffer !== last.bytes.buffer ||
        bytes.byteOffset !== last.bytes.byteOffset
      )
        return;
      kept.delete(path);
      kept.set(path, { ...last, bytes });
    },
    kept: (path) => kept.get(path)?.bytes,
    clear() {
      kept.clear();
      ring = undefined;
      scratch = undefined;
      last = undefined;
      head = 0;
      lap = 0;
    },
  };
}
