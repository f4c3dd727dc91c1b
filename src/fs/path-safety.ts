/**
 * Entry-name normalisation and the root-escape check. Paths inside an image are absolute
 * POSIX paths (`/usr/bin/x`) with no `.`, `..`, empty component or trailing slash.
 *
 * Decisions (see docs in read-layer.ts):
 * - `./usr/bin/x`, `usr/bin/x` and `usr//bin/./x/` all name `/usr/bin/x`.
 * - `a/../b` stays inside the root and names `/b`.
 * - A `..` that climbs above the root (`../../etc/passwd`, `a/../../x`) is refused: Docker's
 *   layer extraction refuses such names as a breakout, and no legitimate layer has one.
 * - An absolute name (`/etc/passwd`) is read relative to the image root, as Docker and
 *   containerd do when they apply a layer (GNU tar likewise strips the leading `/`); the
 *   reader records a diagnostic, or refuses when asked to (`absoluteNames: "refuse"`).
 */

/**
 * Normalises a tar entry name (or hard-link target) to an absolute path inside the image.
 * @returns the path, `/` for the root itself, or `undefined` when the name escapes the root
 *   or holds a NUL byte.
 */
export function normaliseEntryPath(name: string): string | undefined {
  if (name.indexOf("\0") !== -1) return undefined;
  let s = name;
  if (s.charCodeAt(0) === 46 /* . */ && s.charCodeAt(1) === 47 /* / */) s = s.slice(2);
  // Fast path: the common `usr/bin/x` shape needs no component walk.
  if (
    s.length > 0 &&
    s.charCodeAt(0) !== 47 &&
    s.charCodeAt(0) !== 46 &&
    s.indexOf("//") === -1 &&
    s.indexOf("/.") === -1
  ) {
    return s.charCodeAt(s.length - 1) === 47 ? `/${s.slice(0, -1)}` : `/${s}`;
  }
  const parts: string[] = [];
  for (const part of s.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) return undefined;
      parts.pop();
      continue;
    }
    parts.push(part);
  }
  return `/${parts.join("/")}`;
}

/** True when the raw entry name is absolute (starts with `/`). */
export function isAbsoluteName(name: string): boolean {
  return name.charCodeAt(0) === 47;
}

/** Number of components of a normalised path (`/` has 0, `/a/b` has 2). */
export function pathDepth(path: string): number {
  if (path === "/") return 0;
  let depth = 0;
  for (let i = 0; i < path.length; i++) if (path.charCodeAt(i) === 47) depth++;
  return depth;
}

/** Components of a normalised absolute path (`/a/b` → `["a", "b"]`, `/` → `[]`). */
export function splitPath(path: string): string[] {
  return path === "/" ? [] : path.slice(1).split("/");
}

/** Parent directory of a normalised path (`/a/b` → `/a`, `/a` → `/`). */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash <= 0 ? "/" : path.slice(0, slash);
}

/** Last component of a normalised path (`/a/b` → `b`, `/` → ``). */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

/** Joins a normalised directory and one component name. */
export function joinPath(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}

/** True when `path` is `dir` itself or lies under it. */
export function isWithin(path: string, dir: string): boolean {
  if (dir === "/") return true;
  return path === dir || (path.startsWith(dir) && path.charCodeAt(dir.length) === 47);
}
