import type { Readable } from "node:stream";
import type { Diagnostic, Digest, Layer } from "../model/index.js";
import { diagnostic } from "../model/index.js";
import { type FileBuffers, freshFileBuffers, reusedFileBuffers } from "./file-buffers.js";
import { layerError, quoteName } from "./layer-error.js";
import type { EntryMeta, LayerIndex, LayerStats, SelectedFile, SelectFile } from "./layer-index.js";
import type { LayerLimits } from "./limits.js";
import { resolveLayerLimits } from "./limits.js";
import {
  isAbsoluteName,
  isWithin,
  joinPath,
  normaliseEntryPath,
  parentPath,
  pathDepth,
} from "./path-safety.js";
import type { StreamTarContext, TarEntryStream, TarHeader } from "./stream-tar.js";
import { drainEntry, streamTar } from "./stream-tar.js";
import { classifyWhiteout, isAufsMetadataPath, isWhiteoutName } from "./whiteout.js";

export interface ReadLayerOptions {
  layer: Layer;
  /** The target as the user named it, for error messages. */
  target: string;
  limits?: Partial<LayerLimits>;
  /**
   * Which regular files (and hard links to them) to buffer. Called once per such entry with
   * its normalised path, size and mode. Without it nothing is buffered.
   */
  select?: SelectFile;
  /**
   * Receives each selected file; awaited before the tar advances (backpressure). Files come
   * in tar order, except hard links served by the second read (see `reopen`), which come last.
   */
  onFile?: (file: SelectedFile) => void | Promise<void>;
  /**
   * When true, selected files are read into memory the reader reuses for later files (see
   * {@link reusedFileBuffers}), saving a fresh allocation per file: `bytes` handed to `onFile`
   * are then valid only until `onFile` returns or its promise settles, so copy what must
   * outlive it. Default false: each file gets its own buffer.
   */
  reuseBuffers?: boolean;
  /**
   * Opens the same layer tar again. Used only when a selected hard link's target was not
   * buffered (not selected itself, or dropped past `maxRetainedBytes`): the layer is then
   * read once more, buffering only those targets. Without it such links get a diagnostic.
   */
  reopen?: () => Promise<Readable>;
  /** Uncompressed tar bytes of this image's earlier layers (for `maxImageBytes`). */
  imageBytesBefore?: number;
  /**
   * What to do with an absolute entry name such as `/etc/passwd`: `"refuse"` (default)
   * rejects the layer with DRYDOCK_LAYER_UNSAFE_PATH, since no legitimate image builder
   * writes one and the name is a classic traversal vector; `"normalise"` reads it relative
   * to the image root, as Docker and containerd do when they apply a layer, with one
   * diagnostic per layer. A `..` that climbs above the root is always refused.
   */
  absoluteNames?: "normalise" | "refuse";
}

interface PendingLink {
  path: string;
  target: string;
  size: number;
  mode: number;
}

/**
 * Streams one layer tar once and indexes it: entries with their metadata, whiteouts and
 * opaque directories (OCI image spec layer.md). Only regular files that `select` accepts
 * are buffered and passed to `onFile`; everything else is drained as it streams, so memory
 * stays flat whatever the layer size. Nothing is written to disk.
 *
 * Hard links: a selected link is served the bytes of its target, which precedes it in the
 * tar. Bytes of the layer's selected files are kept (up to `maxRetainedBytes`) until the
 * layer ends for that purpose; a link whose target was not kept is served by a second read
 * through `reopen` that buffers only those targets. A link to a path not in this layer is a
 * diagnostic (`hardlink-target-missing`): its metadata is taken from the lower layers when
 * the layers are squashed.
 *
 * @throws DrydockError DRYDOCK_LAYER_UNSAFE_PATH for an entry name or hard-link target that
 *   escapes the root with `..` (or is absolute, with `absoluteNames: "refuse"`);
 *   DRYDOCK_LAYER_CORRUPT for a truncated tar, a bad header or checksum, or a failing input
 *   stream; DRYDOCK_LAYER_LIMIT past `maxLayerBytes`, `maxImageBytes`, `maxEntries`,
 *   `maxPathLength` or `maxPathDepth`. A DrydockError from the input stream (digest
 *   mismatch) and any error thrown by `onFile` pass through unchanged.
 */
export async function readLayer(tar: Readable, options: ReadLayerOptions): Promise<LayerIndex> {
  const reader = new LayerReader(options);
  const result = await streamTar(tar, reader.context, reader.onEntry);
  reader.stats.tarBytes = result.tarBytes;
  if (!result.endMarker) {
    reader.diagnose(
      "tar-end-marker-missing",
      "the layer tar has no end-of-archive marker; it may be truncated at an entry boundary",
    );
  }
  await reader.serveHardlinks();
  return reader.finish();
}

const noSelection: SelectFile = () => false;

/** A hostile layer could otherwise yield a diagnostic per entry. */
const maxDiagnosticsPerCode = 100;

/** The state of one layer read; `onEntry` is the tar-stream entry handler. */
class LayerReader {
  readonly context: StreamTarContext;
  readonly stats: LayerStats = {
    entries: 0,
    files: 0,
    directories: 0,
    symlinks: 0,
    hardlinks: 0,
    bytes: 0,
    whiteouts: 0,
    opaqueDirs: 0,
    tarBytes: 0,
  };
  private readonly entries = new Map<string, EntryMeta>();
  private readonly whiteouts: string[] = [];
  private readonly opaqueDirs: string[] = [];
  private readonly diagnostics: Diagnostic[] = [];
  private readonly limits: LayerLimits;
  private readonly select: SelectFile;
  private readonly diffId: Digest;
  /** Memory for selected files; keeps recent ones for the hard links that follow them. */
  private readonly buffers: FileBuffers;
  /** Hard-link path → the regular file it finally points to (links to links collapse). */
  private readonly linkTargets = new Map<string, string>();
  private readonly pending: PendingLink[] = [];
  private absoluteNames = 0;
  private duplicates = 0;
  private readonly diagnosticCounts = new Map<string, number>();

  constructor(private readonly options: ReadLayerOptions) {
    this.limits = resolveLayerLimits(options.limits);
    this.select = options.select ?? noSelection;
    this.diffId = options.layer.diffId;
    this.buffers = options.reuseBuffers
      ? reusedFileBuffers(this.limits.maxRetainedBytes, this.limits.maxFileSize)
      : freshFileBuffers(this.limits.maxRetainedBytes);
    this.context = {
      target: options.target,
      layer: options.layer.diffId,
      limits: this.limits,
      imageBytesBefore: options.imageBytesBefore ?? 0,
    };
  }

  /** Records a diagnostic; past {@link maxDiagnosticsPerCode} of one code, only counts it. */
  diagnose(code: string, message: string, file?: string, level: Diagnostic["level"] = "warning"): void {
    const count = (this.diagnosticCounts.get(code) ?? 0) + 1;
    this.diagnosticCounts.set(code, count);
    if (count > maxDiagnosticsPerCode) return;
    const where: Parameters<typeof diagnostic>[2] = { layer: this.diffId, level };
    if (file !== undefined) where.file = file;
    this.diagnostics.push(diagnostic(code, message, where));
  }

  readonly onEntry = (
    header: TarHeader,
    stream: TarEntryStream,
    next: () => void,
    fail: (err: unknown) => void,
  ): void => {
    this.stats.entries++;
    const path = this.normalise(header.name, "entry");
    const slash = path.lastIndexOf("/");
    // Cheap char checks first: almost no entry starts with a dot.
    const aufs = path.charCodeAt(1) === 46 && isAufsMetadataPath(path);
    const marker = !aufs && path.charCodeAt(slash + 1) === 46 && isWhiteoutName(path.slice(slash + 1));
    if (aufs || marker) {
      if (marker) this.recordMarker(path, path.slice(slash + 1));
      drainEntry(header, stream);
      queueMicrotask(next);
      return;
    }
    // Permission bits only: some writers also store the S_IFMT file-type bits.
    const mode = (header.mode ?? 0) & 0o7777;
    switch (header.type) {
      case "file":
      case "contiguous-file":
        this.onRegularFile(path, header, mode, stream, next, fail);
        return;
      case "directory":
        this.stats.directories++;
        this.put(path, { type: "dir", size: 0, mode });
        break;
      case "symlink":
        this.stats.symlinks++;
        this.put(path, { type: "symlink", size: 0, mode, linkTarget: header.linkname ?? "" });
        break;
      case "link":
        this.stats.hardlinks++;
        this.onHardlink(path, header, mode, next, fail, stream);
        return;
      case "character-device":
      case "block-device":
      case "fifo":
        this.put(path, { type: "other", size: 0, mode });
        break;
      default:
        this.diagnose(
          "tar-entry-type-unsupported",
          `entry ${quoteName(header.name)} has a tar type drydock does not read; kept as "other"`,
          path,
        );
        this.put(path, { type: "other", size: 0, mode });
    }
    drainEntry(header, stream);
    queueMicrotask(next);
  };

  /** Normalises an entry name or hard-link target; throws on an unsafe or oversized path. */
  private normalise(name: string, what: "entry" | "hard link target"): string {
    const path = normaliseEntryPath(name);
    const { target, layer } = this.context;
    if (path === undefined) {
      throw layerError(
        "DRYDOCK_LAYER_UNSAFE_PATH",
        target,
        layer,
        `${what} ${quoteName(name)} escapes the image root`,
      );
    }
    if (isAbsoluteName(name)) {
      if (this.options.absoluteNames !== "normalise") {
        throw layerError(
          "DRYDOCK_LAYER_UNSAFE_PATH",
          target,
          layer,
          `${what} ${quoteName(name)} is absolute`,
        );
      }
      this.absoluteNames++;
    }
    if (path.length > this.limits.maxPathLength) {
      throw layerError(
        "DRYDOCK_LAYER_LIMIT",
        target,
        layer,
        `${what} ${quoteName(name)} is longer than ${this.limits.maxPathLength} characters`,
      );
    }
    // Depth ≤ length / 2, so counting is needed only for long paths.
    if (path.length > this.limits.maxPathDepth * 2 && pathDepth(path) > this.limits.maxPathDepth) {
      throw layerError(
        "DRYDOCK_LAYER_LIMIT",
        target,
        layer,
        `${what} ${quoteName(name)} is nested deeper than ${this.limits.maxPathDepth} levels`,
      );
    }
    return path;
  }

  private recordMarker(path: string, base: string): void {
    const dir = parentPath(path);
    const marker = classifyWhiteout(base);
    switch (marker.kind) {
      case "opaque":
        this.stats.opaqueDirs++;
        this.opaqueDirs.push(dir);
        return;
      case "whiteout":
        this.stats.whiteouts++;
        this.whiteouts.push(joinPath(dir, marker.name));
        return;
      case "aufs-meta":
        return;
      case "invalid":
        throw layerError(
          "DRYDOCK_LAYER_UNSAFE_PATH",
          this.context.target,
          this.context.layer,
          `whiteout ${quoteName(path)} names no deletable entry`,
        );
    }
  }

  /** Records an entry; a later duplicate replaces the earlier one (and its subtree). */
  private put(path: string, meta: EntryMeta): void {
    if (path === "/") return; // the root's own entry carries nothing drydock uses
    const previous = this.entries.get(path);
    if (previous !== undefined) {
      this.duplicates++;
      if (previous.type === "dir" && meta.type !== "dir") {
        for (const key of this.entries.keys())
          if (key !== path && isWithin(key, path)) this.entries.delete(key);
      }
      this.entries.delete(path);
      this.linkTargets.delete(path);
    }
    this.entries.set(path, meta);
  }

  private onRegularFile(
    path: string,
    header: TarHeader,
    mode: number,
    stream: TarEntryStream,
    next: () => void,
    fail: (err: unknown) => void,
  ): void {
    const size = header.size ?? 0;
    this.stats.files++;
    this.stats.bytes += size;
    this.put(path, { type: "file", size, mode });
    if (path === "/" || !this.select(path, size, mode)) {
      drainEntry(header, stream);
      queueMicrotask(next);
      return;
    }
    if (size > this.limits.maxFileSize) {
      this.skipTooLarge(path, size);
      drainEntry(header, stream);
      queueMicrotask(next);
      return;
    }
    const bytes = this.buffers.allocate(size);
    if (size === 0) {
      this.deliver({ path, layer: this.diffId, size, mode, bytes }, next, fail);
      return;
    }
    let offset = 0;
    stream.on("error", fail);
    stream.on("data", (chunk: Buffer) => {
      offset += chunk.copy(bytes, offset);
    });
    stream.on("end", () => {
      this.deliver({ path, layer: this.diffId, size, mode, bytes: bytes.subarray(0, offset) }, next, fail);
    });
  }

  private onHardlink(
    path: string,
    header: TarHeader,
    mode: number,
    next: () => void,
    fail: (err: unknown) => void,
    stream: TarEntryStream,
  ): void {
    drainEntry(header, stream);
    const linkname = this.normalise(header.linkname ?? "", "hard link target");
    const target = this.linkTargets.get(linkname) ?? linkname;
    const targetMeta = target === path ? undefined : this.entries.get(target);
    if (targetMeta === undefined) {
      this.diagnose(
        "hardlink-target-missing",
        `hard link ${quoteName(path)} points to ${quoteName(linkname)}, which is not in this layer`,
        path,
        "info",
      );
      this.put(path, { type: "hardlink", size: 0, mode, linkTarget: linkname });
      queueMicrotask(next);
      return;
    }
    if (targetMeta.type === "dir") {
      this.diagnose(
        "hardlink-to-directory",
        `hard link ${quoteName(path)} points to the directory ${quoteName(target)}; kept as "other"`,
        path,
      );
      this.put(path, { type: "other", size: 0, mode });
      queueMicrotask(next);
      return;
    }
    if (targetMeta.type === "symlink" || targetMeta.type === "other") {
      // A hard link to a symlink or device is another name for that same inode.
      this.put(path, { ...targetMeta });
      queueMicrotask(next);
      return;
    }
    const { size } = targetMeta;
    this.put(path, { type: "hardlink", size, mode: targetMeta.mode, linkTarget: target });
    this.linkTargets.set(path, target);
    if (!this.select(path, size, targetMeta.mode)) {
      queueMicrotask(next);
      return;
    }
    if (size > this.limits.maxFileSize) {
      this.skipTooLarge(path, size);
      queueMicrotask(next);
      return;
    }
    const bytes = this.buffers.kept(target);
    if (bytes === undefined) {
      this.pending.push({ path, target, size, mode: targetMeta.mode });
      queueMicrotask(next);
      return;
    }
    this.deliver({ path, layer: this.diffId, size, mode: targetMeta.mode, bytes }, next, fail);
  }

  private skipTooLarge(path: string, size: number): void {
    this.diagnose(
      "file-too-large",
      `${size} bytes is over the ${this.limits.maxFileSize}-byte limit for buffered files; not read`,
      path,
    );
  }

  /** Hands a file to `onFile`, then lets the tar advance (at once when `onFile` is sync). */
  private deliver(file: SelectedFile, next: () => void, fail: (err: unknown) => void): void {
    this.buffers.keep(file.path, file.bytes);
    const onFile = this.options.onFile;
    if (onFile === undefined) {
      queueMicrotask(next);
      return;
    }
    let result: void | Promise<void>;
    try {
      result = onFile(file);
    } catch (err) {
      fail(err);
      return;
    }
    if (result !== undefined && typeof (result as Promise<void>).then === "function") {
      (result as Promise<void>).then(() => next(), fail);
    } else {
      queueMicrotask(next);
    }
  }

  /** Serves hard links whose target bytes were not kept, by a targeted second read. */
  async serveHardlinks(): Promise<void> {
    this.buffers.clear();
    if (this.pending.length === 0) return;
    const reopen = this.options.reopen;
    if (reopen === undefined) {
      for (const link of this.pending) {
        this.diagnose(
          "hardlink-target-not-buffered",
          `hard link to ${quoteName(link.target)} was selected but its target was not buffered, and the layer cannot be re-read`,
          link.path,
        );
      }
      return;
    }
    const wanted = new Map<string, Buffer | undefined>();
    for (const link of this.pending) wanted.set(link.target, undefined);
    await streamTar(await reopen(), this.context, (header, stream, next, fail) => {
      const path = normaliseEntryPath(header.name);
      const isFile = header.type === "file" || header.type === "contiguous-file";
      if (path === undefined || !isFile || !wanted.has(path)) {
        drainEntry(header, stream);
        queueMicrotask(next);
        return;
      }
      const size = header.size ?? 0;
      const bytes = Buffer.allocUnsafe(size);
      let offset = 0;
      if (size === 0) {
        wanted.set(path, bytes);
        queueMicrotask(next);
        return;
      }
      stream.on("error", fail);
      stream.on("data", (chunk: Buffer) => {
        offset += chunk.copy(bytes, offset);
      });
      stream.on("end", () => {
        wanted.set(path, bytes.subarray(0, offset));
        queueMicrotask(next);
      });
    });
    for (const link of this.pending) {
      const bytes = wanted.get(link.target);
      if (bytes === undefined) {
        this.diagnose(
          "hardlink-target-not-buffered",
          `hard link target ${quoteName(link.target)} was not found when the layer was read again`,
          link.path,
        );
        continue;
      }
      await this.options.onFile?.({
        path: link.path,
        layer: this.diffId,
        size: link.size,
        mode: link.mode,
        bytes,
      });
    }
  }

  finish(): LayerIndex {
    if (this.absoluteNames > 0) {
      this.diagnose(
        "tar-absolute-names",
        `${this.absoluteNames} entries have absolute names; read relative to the image root, as Docker does`,
        undefined,
        "info",
      );
    }
    if (this.duplicates > 0) {
      this.diagnose(
        "tar-duplicate-entries",
        `${this.duplicates} entries name a path already in this layer; the last one wins`,
        undefined,
        "info",
      );
    }
    for (const [code, count] of this.diagnosticCounts) {
      if (count <= maxDiagnosticsPerCode) continue;
      this.diagnostics.push(
        diagnostic(
          "diagnostics-truncated",
          `${count - maxDiagnosticsPerCode} more "${code}" diagnostics not listed`,
          {
            layer: this.diffId,
          },
        ),
      );
    }
    return {
      layer: this.options.layer,
      entries: this.entries,
      whiteouts: this.whiteouts,
      opaqueDirs: this.opaqueDirs,
      stats: this.stats,
      diagnostics: this.diagnostics,
    };
  }
}
