import type { Digest } from "../model/index.js";
import type { EntryType } from "./layer-index.js";

/**
 * One node of the squashed tree. Directories hold their children by name; every node keeps
 * the diffId of the layer that last wrote it (for an implicit parent directory, the layer
 * whose entry made it necessary).
 */
export interface TreeNode {
  type: EntryType;
  size: number;
  mode: number;
  linkTarget?: string;
  layer: Digest;
  children?: Map<string, TreeNode>;
}

/** Linux gives up after 40 symlinks in one lookup (MAXSYMLINKS); so do we. */
export const maxSymlinkHops = 40;

export function createDir(layer: Digest, mode = 0o755): TreeNode {
  return { type: "dir", size: 0, mode, layer, children: new Map() };
}

/** A node found by {@link lookupNode}, with its canonical path (no symlinks, no `..`). */
export interface FoundNode {
  node: TreeNode;
  path: string;
}

/**
 * Resolves a path in the tree as a process chrooted into the image would: `.` and empty
 * components are skipped, `..` climbs (never above the root), a symlink's target is read
 * relative to its directory, or to the image root when absolute. Symlinks in intermediate
 * components are always followed; the final one only with `followFinal`.
 * @returns undefined when a component is missing, a non-directory is traversed, or more
 *   than {@link maxSymlinkHops} links are followed (a loop).
 */
export function lookupNode(root: TreeNode, path: string, followFinal: boolean): FoundNode | undefined {
  const names: string[] = [];
  const node = resolveNode(root, path, followFinal, names);
  return node === undefined ? undefined : { node, path: `/${names.join("/")}` };
}

/** {@link lookupNode} without the canonical path: for lookups that need only the node. */
export function findNode(root: TreeNode, path: string, followFinal: boolean): TreeNode | undefined {
  return resolveNode(root, path, followFinal, undefined);
}

/** The walk of {@link lookupNode}; fills `names` with the canonical path's components when given. */
function resolveNode(
  root: TreeNode,
  path: string,
  followFinal: boolean,
  names: string[] | undefined,
): TreeNode | undefined {
  const nodes: TreeNode[] = [root];
  let queue = path.split("/");
  let hops = 0;
  for (let i = 0; i < queue.length; i++) {
    const part = queue[i]!;
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (nodes.length > 1) {
        nodes.pop();
        names?.pop();
      }
      continue;
    }
    const current = nodes[nodes.length - 1]!;
    const child = current.children?.get(part);
    if (child === undefined) return undefined;
    if (child.type === "symlink" && (followFinal || hasMoreParts(queue, i))) {
      if (++hops > maxSymlinkHops) return undefined;
      const target = child.linkTarget ?? "";
      if (target === "") return undefined;
      if (target.charCodeAt(0) === 47) {
        nodes.length = 1;
        if (names) names.length = 0;
      }
      queue = [...target.split("/"), ...queue.slice(i + 1)];
      i = -1;
      continue;
    }
    if (child.type !== "dir" && hasMoreParts(queue, i)) return undefined;
    nodes.push(child);
    names?.push(part);
  }
  return nodes[nodes.length - 1]!;
}

/** True when a real component (not `.` or empty) follows index `i`. */
function hasMoreParts(queue: string[], i: number): boolean {
  for (let j = i + 1; j < queue.length; j++) {
    const part = queue[j];
    if (part !== "" && part !== ".") return true;
  }
  return false;
}

/** What {@link ensureDir} had to do that a real extraction would have failed on. */
export type EnsureDirIssue = "replaced-non-directory" | "symlink-loop";

/**
 * Finds the directory `path` for writing into it, as applying a layer in a chroot does:
 * symlinked directories are followed (inside the root), missing directories are created
 * (tars may omit parents). Where a real extraction would fail (a file in the way, a
 * symlink loop), the obstacle is replaced by a directory and `onIssue` is told.
 */
export function ensureDir(
  root: TreeNode,
  path: string,
  layer: Digest,
  onIssue: (issue: EnsureDirIssue, at: string) => void,
): TreeNode {
  const nodes: TreeNode[] = [root];
  const names: string[] = [];
  let queue = path.split("/");
  let hops = 0;
  for (let i = 0; i < queue.length; i++) {
    const part = queue[i]!;
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (nodes.length > 1) {
        nodes.pop();
        names.pop();
      }
      continue;
    }
    const current = nodes[nodes.length - 1]!;
    const children = current.children!;
    let child = children.get(part);
    if (child?.type === "symlink") {
      const target = child.linkTarget ?? "";
      if (++hops <= maxSymlinkHops && target !== "") {
        if (target.charCodeAt(0) === 47) {
          nodes.length = 1;
          names.length = 0;
        }
        queue = [...target.split("/"), ...queue.slice(i + 1)];
        i = -1;
        continue;
      }
      onIssue("symlink-loop", `/${[...names, part].join("/")}`);
      child = undefined;
    } else if (child !== undefined && child.type !== "dir") {
      onIssue("replaced-non-directory", `/${[...names, part].join("/")}`);
      child = undefined;
    }
    if (child === undefined) {
      child = createDir(layer);
      children.set(part, child);
    }
    nodes.push(child);
    names.push(part);
  }
  return nodes[nodes.length - 1]!;
}

/** Number of nodes below `node`, not counting itself (iterative: trees can be deep). */
export function countDescendants(node: TreeNode): number {
  let count = 0;
  const stack: TreeNode[] = [node];
  while (stack.length > 0) {
    const children = stack.pop()!.children;
    if (children === undefined) continue;
    count += children.size;
    for (const child of children.values()) if (child.children !== undefined) stack.push(child);
  }
  return count;
}
