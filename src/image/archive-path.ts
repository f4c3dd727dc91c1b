/**
 * Normalises a member name of an archive or layout (`./blobs//sha256/x` → `blobs/sha256/x`).
 * Returns `undefined` for a name that climbs out of its root with `..`: such names are
 * refused, never resolved.
 */
export function normalizeArchivePath(name: string): string | undefined {
  const parts: string[] = [];
  for (const part of name.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") return undefined;
    parts.push(part);
  }
  return parts.join("/");
}

/**
 * Joins a symlink target to the directory of the link, inside an archive root: an absolute
 * target is taken from the root. Returns `undefined` when the result would leave the root.
 */
export function resolveLinkTarget(linkPath: string, target: string): string | undefined {
  const base = target.startsWith("/") ? [] : linkPath.split("/").slice(0, -1);
  const parts = [...base];
  for (const part of target.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else {
      parts.push(part);
    }
  }
  return parts.join("/");
}
