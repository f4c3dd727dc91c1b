import type { Diagnostic, Digest, Layer } from "../model/index.js";
import { diagnostic } from "../model/index.js";
import type { TreeNode } from "./file-tree.js";
import { countDescendants, createDir, ensureDir, findNode, lookupNode } from "./file-tree.js";
import { quoteName } from "./layer-error.js";
import type { EntryMeta, EntryType, LayerIndex } from "./layer-index.js";
import { baseName, joinPath, parentPath } from "./path-safety.js";

/** One entry of the squashed filesystem, with the layer that last wrote it. */
export interface ViewEntry {
  /** Canonical absolute path (the directory part has no symlinks). */
  path: string;
  type: EntryType;
  size: number;
  mode: number;
  linkTarget?: string;
  /** diffId of the layer that last wrote this entry. */
  layer: Digest;
}

/** What one layer's deletions removed from the layers below it. */
export interface WhiteoutsApplied {
  layer: Digest;
  /** `.wh.<name>` markers that deleted something. */
  whiteouts: number;
  /** `.wh..wh..opq` markers that hid something. */
  opaqueDirs: number;
  /** Entries removed, descendants of a deleted directory included. */
  removed: number;
}

export interface WalkOptions {
  /** Also yield directories (the root excepted). Default false. */
  directories?: boolean;
}

/**
 * The image's filesystem after all layers are applied in order, each entry tagged with the
 * layer that last wrote it. Lookups behave as inside a chroot at the image root: symlinks
 * (absolute or relative, `..` included) never resolve outside it, and loops end after 40
 * hops with `undefined`. Paths may be given with or without a leading `/`.
 */
export interface FilesystemView {
  readonly layers: readonly Layer[];
  /** Non-directory entries (regular files, hard links, symlinks, others). */
  readonly files: number;
  readonly directories: number;
  /** Content bytes of regular files and hard links. */
  readonly bytes: number;
  /** Per layer, in order, what its whiteouts and opaque directories removed. */
  readonly whiteoutsApplied: readonly WhiteoutsApplied[];
  /** Problems met while squashing (an entry written under a file, a symlink loop on write). */
  readonly diagnostics: readonly Diagnostic[];
  /** True when the entry exists (a dangling symlink exists: lstat semantics). */
  exists(path: string): boolean;
  /** The entry itself; symlinks in the directory part are followed, the last one is not. */
  lstat(path: string): ViewEntry | undefined;
  /** The entry a path finally designates, every symlink followed. */
  stat(path: string): ViewEntry | undefined;
  /** diffId of the layer that last wrote the entry (lstat semantics). */
  layerOf(path: string): Digest | undefined;
  /** Canonical path with every symlink resolved inside the root; undefined if dangling or a loop. */
  realpath(path: string): string | undefined;
  /** Sorted child names of a directory (symlinks followed); undefined if not a directory. */
  readdir(path: string): string[] | undefined;
  /** Every non-directory entry (and directories when asked), depth first, in sorted order. */
  walk(options?: WalkOptions): Generator<ViewEntry>;
}

const noLayer = "sha256:0000000000000000000000000000000000000000000000000000000000000000" as Digest;

/**
 * Applies layer indexes in order (base first) as the OCI image spec says (layer.md,
 * "Applying Changesets" and "Whiteouts"):
 * - a layer's opaque directories and whiteouts apply to the layers below it only, before
 *   its own entries, whatever their order in the tar; a whiteout of a directory removes its
 *   whole subtree, an opaque directory hides every lower descendant and keeps the layer's own;
 *   a whiteout of a path that does not exist is harmless;
 * - an entry over an existing path replaces it, except a directory over a directory, which
 *   only takes the new attributes and keeps its children: a file over a directory removes
 *   the subtree, and a later directory over that file starts empty;
 * - entries under a symlinked directory are written through it, inside the root, as a
 *   chrooted extraction does.
 */
export function squashLayers(indexes: readonly LayerIndex[]): FilesystemView {
  return squash(
    indexes.map((index) => ({
      layer: index.layer,
      whiteouts: index.whiteouts,
      opaqueDirs: index.opaqueDirs,
      forEachEntry: (apply) => {
        for (const [path, meta] of index.entries)
          apply(path, meta.type, meta.size, meta.mode, meta.linkTarget);
      },
      hasEntry: (path) => index.entries.has(path),
    })),
  );
}

/**
 * One entry of a layer as the layer cache keeps it: path, type, size, mode and, for links,
 * the target (the fields of {@link EntryMeta}).
 */
export type LayerEntryTuple = readonly [
  path: string,
  type: EntryType,
  size: number,
  mode: number,
  linkTarget?: string,
];

/**
 * What one layer changes, in the compact form the layer cache stores: its entries as
 * tuples, in the order (and with the one-entry-per-path rule) of {@link LayerIndex.entries},
 * plus its whiteouts and opaque directories.
 */
export interface LayerChanges {
  layer: Layer;
  entries: readonly LayerEntryTuple[];
  whiteouts: readonly string[];
  opaqueDirs: readonly string[];
}

/**
 * {@link squashLayers} over layers in their cached form: the same view, without building a
 * {@link LayerIndex} (a map and an object per entry) for each layer first.
 */
export function squashLayerChanges(layers: readonly LayerChanges[]): FilesystemView {
  return squash(
    layers.map((changes) => {
      let paths: Set<string> | undefined;
      return {
        layer: changes.layer,
        whiteouts: changes.whiteouts,
        opaqueDirs: changes.opaqueDirs,
        forEachEntry: (apply) => {
          for (const [path, type, size, mode, linkTarget] of changes.entries)
            apply(path, type, size, mode, linkTarget);
        },
        // Asked only for hard links whose target this layer may hold: built on first ask.
        hasEntry: (path) => {
          paths ??= new Set(changes.entries.map((entry) => entry[0]));
          return paths.has(path);
        },
      };
    }),
  );
}

/** Applies one entry (the fields of an {@link EntryMeta}, flattened). */
type ApplyEntry = (path: string, type: EntryType, size: number, mode: number, linkTarget?: string) => void;

/** A layer as {@link applyLayer} reads it, whichever form it came in. */
interface LayerSource {
  layer: Layer;
  whiteouts: readonly string[];
  opaqueDirs: readonly string[];
  /** Calls `apply` for each entry, in order. */
  forEachEntry(apply: ApplyEntry): void;
  /** True when the layer itself has an entry at `path`. */
  hasEntry(path: string): boolean;
}

function squash(sources: readonly LayerSource[]): FilesystemView {
  const root = createDir(sources[0]?.layer.diffId ?? noLayer);
  const diagnostics: Diagnostic[] = [];
  const whiteoutsApplied = sources.map((source) => applyLayer(root, source, diagnostics));
  return new SquashedView(
    root,
    sources.map((source) => source.layer),
    whiteoutsApplied,
    diagnostics,
  );
}

function applyLayer(root: TreeNode, source: LayerSource, diagnostics: Diagnostic[]): WhiteoutsApplied {
  const layer = source.layer.diffId;
  const applied: WhiteoutsApplied = { layer, whiteouts: 0, opaqueDirs: 0, removed: 0 };
  for (const dir of source.opaqueDirs) {
    const children = findNode(root, dir, false)?.children;
    if (children === undefined || children.size === 0) continue;
    for (const child of children.values()) applied.removed += 1 + countDescendants(child);
    children.clear();
    applied.opaqueDirs++;
  }
  for (const path of source.whiteouts) {
    const children = findNode(root, parentPath(path), true)?.children;
    const name = baseName(path);
    const victim = children?.get(name);
    if (victim === undefined) continue;
    children!.delete(name);
    applied.removed += 1 + countDescendants(victim);
    applied.whiteouts++;
  }
  let replaced = false;
  const onIssue = (issue: string, at: string): void => {
    replaced = true;
    const message =
      issue === "symlink-loop"
        ? `a symlink loop at ${quoteName(at)} blocks an entry of this layer; replaced by a directory`
        : `this layer writes under ${quoteName(at)}, which is not a directory; replaced by a directory`;
    diagnostics.push(diagnostic(`layer-${issue}`, message, { file: at, layer }));
  };
  // Tars list a directory's entries together: the directory found for one entry serves the
  // next ones of the same parent path, as long as no node was replaced since (a replaced node
  // may be a directory, or a symlink, on the way to it) and finding it replaced nothing (after
  // breaking a symlink loop, the same path may lead elsewhere). Adding a new name changes no
  // lookup that succeeded before: every component on the way existed.
  let lastParentPath: string | undefined;
  let lastParent: TreeNode | undefined;
  source.forEachEntry((path, type, size, mode, linkTarget) => {
    const dirPath = parentPath(path);
    if (dirPath !== lastParentPath) {
      replaced = false;
      lastParent = ensureDir(root, dirPath, layer, onIssue);
      lastParentPath = replaced ? undefined : dirPath;
    }
    const children = lastParent!.children!;
    const name = baseName(path);
    const existing = children.get(name);
    if (type === "dir") {
      if (existing?.type === "dir") {
        existing.mode = mode;
        existing.layer = layer;
      } else {
        children.set(name, createDir(layer, mode));
        if (existing !== undefined) lastParentPath = undefined;
      }
      return;
    }
    children.set(name, toNode(root, source, layer, type, size, mode, linkTarget));
    if (existing !== undefined) lastParentPath = undefined;
  });
  return applied;
}

function toNode(
  root: TreeNode,
  source: LayerSource,
  layer: Digest,
  type: EntryType,
  size: number,
  mode: number,
  linkTarget: string | undefined,
): TreeNode {
  const node: TreeNode = { type, size, mode, layer };
  if (linkTarget !== undefined) node.linkTarget = linkTarget;
  // A hard link to a file of a lower layer (the reader could not see it): the same inode,
  // so the same size and mode, as Docker's extraction links to the file already on disk.
  if (type === "hardlink" && linkTarget !== undefined && !source.hasEntry(linkTarget)) {
    const target = findNode(root, linkTarget, false);
    if (target !== undefined && (target.type === "file" || target.type === "hardlink")) {
      node.size = target.size;
      node.mode = target.mode;
    } else if (target === undefined) {
      node.type = "other"; // dangling: no content anywhere
    }
  }
  return node;
}

class SquashedView implements FilesystemView {
  /** The tree's counts, taken on first ask (the catalog never asks: it only looks paths up). */
  private counts: { files: number; directories: number; bytes: number } | undefined;

  constructor(
    private readonly root: TreeNode,
    readonly layers: readonly Layer[],
    readonly whiteoutsApplied: readonly WhiteoutsApplied[],
    readonly diagnostics: readonly Diagnostic[],
  ) {}

  get files(): number {
    return this.count().files;
  }

  get directories(): number {
    return this.count().directories;
  }

  get bytes(): number {
    return this.count().bytes;
  }

  private count(): { files: number; directories: number; bytes: number } {
    if (this.counts === undefined) {
      this.counts = { files: 0, directories: 0, bytes: 0 };
      countTree(this.root, this.counts);
    }
    return this.counts;
  }

  exists(path: string): boolean {
    return findNode(this.root, path, false) !== undefined;
  }

  lstat(path: string): ViewEntry | undefined {
    const found = lookupNode(this.root, path, false);
    return found === undefined ? undefined : toEntry(found.path, found.node);
  }

  stat(path: string): ViewEntry | undefined {
    const found = lookupNode(this.root, path, true);
    return found === undefined ? undefined : toEntry(found.path, found.node);
  }

  layerOf(path: string): Digest | undefined {
    return findNode(this.root, path, false)?.layer;
  }

  realpath(path: string): string | undefined {
    return lookupNode(this.root, path, true)?.path;
  }

  readdir(path: string): string[] | undefined {
    const children = findNode(this.root, path, true)?.children;
    return children === undefined ? undefined : [...children.keys()].sort(compareNames);
  }

  *walk(options: WalkOptions = {}): Generator<ViewEntry> {
    const withDirs = options.directories === true;
    // Iterative pre-order walk (hostile trees can be deep): pop one entry, push its children.
    const stack: [string, TreeNode][] = [];
    pushChildren(stack, "/", this.root);
    while (stack.length > 0) {
      const [path, node] = stack.pop()!;
      if (node.type !== "dir") {
        yield toEntry(path, node);
        continue;
      }
      if (withDirs) yield toEntry(path, node);
      pushChildren(stack, path, node);
    }
  }
}

/** Pushes a directory's children in reverse sorted order, so they pop in sorted order. */
function pushChildren(stack: [string, TreeNode][], dirPath: string, dir: TreeNode): void {
  const names = [...dir.children!.keys()].sort(compareNames);
  for (let i = names.length - 1; i >= 0; i--) {
    const name = names[i]!;
    stack.push([joinPath(dirPath, name), dir.children!.get(name)!]);
  }
}

/** Counts the entries below `dir` (iteratively: hostile trees can be deep). */
function countTree(dir: TreeNode, counts: { files: number; directories: number; bytes: number }): void {
  const stack: TreeNode[] = [dir];
  while (stack.length > 0) {
    for (const node of stack.pop()!.children!.values()) {
      if (node.type === "dir") {
        counts.directories++;
        stack.push(node);
        continue;
      }
      counts.files++;
      if (node.type === "file" || node.type === "hardlink") counts.bytes += node.size;
    }
  }
}

function toEntry(path: string, node: TreeNode): ViewEntry {
  const entry: ViewEntry = { path, type: node.type, size: node.size, mode: node.mode, layer: node.layer };
  if (node.linkTarget !== undefined) entry.linkTarget = node.linkTarget;
  return entry;
}

/** Byte-order comparison, so the walk order does not depend on the locale. */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
