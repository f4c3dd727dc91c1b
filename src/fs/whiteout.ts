/**
 * Whiteout marker names, as the OCI image spec (layer.md, "Whiteouts") defines them:
 * `.wh.<name>` deletes `<name>` from the layers below; `.wh..wh..opq` makes its directory
 * opaque. Other `.wh..wh.` names are AUFS bookkeeping (hard-link and metadata dirs) that
 * Docker skips; they are neither files nor deletions.
 */
export const whiteoutPrefix = ".wh.";
export const opaqueMarker = ".wh..wh..opq";
const aufsMetaPrefix = ".wh..wh.";

export type WhiteoutMarker =
  | { kind: "whiteout"; name: string }
  | { kind: "opaque" }
  | { kind: "aufs-meta" }
  | { kind: "invalid" };

/**
 * True for the root-level AUFS metadata directories (`/.wh..wh.plnk`, `/.wh..wh.aufs`,
 * `/.wh..wh.orph`) and everything in them: Docker skips these entries when it applies a layer.
 */
export function isAufsMetadataPath(path: string): boolean {
  return path.startsWith("/.wh..wh.") && path !== "/.wh..wh..opq";
}

/** True when a base name is any whiteout marker (cheap check for the hot path). */
export function isWhiteoutName(base: string): boolean {
  return base.charCodeAt(0) === 46 && base.startsWith(whiteoutPrefix);
}

/**
 * Classifies a base name already known to start with `.wh.`. `invalid` is a marker that
 * would delete `.`, `..` or nothing.
 */
export function classifyWhiteout(base: string): WhiteoutMarker {
  if (base === opaqueMarker) return { kind: "opaque" };
  if (base.startsWith(aufsMetaPrefix)) return { kind: "aufs-meta" };
  const name = base.slice(whiteoutPrefix.length);
  if (name === "" || name === "." || name === "..") return { kind: "invalid" };
  return { kind: "whiteout", name };
}
