import picomatch from "picomatch";
import type { FileSelector } from "../model/index.js";
import type { SelectFile } from "./layer-index.js";
import { normaliseEntryPath } from "./path-safety.js";

/**
 * Several {@link FileSelector}s (one per cataloger, keyed by its name) compiled into one
 * predicate for the layer reader plus a router that says which selectors a file matched.
 */
export interface FileMatcher<K extends string = string> {
  /** The selector keys, in the order given. */
  readonly keys: readonly K[];
  /**
   * True when any selector matches the file and the file is within that selector's
   * `maxSize`. Exact paths, base names and suffixes are Set/Map look-ups; globs run last,
   * first as one combined regular expression.
   */
  readonly select: SelectFile;
  /** Keys of the selectors that match the file (within their `maxSize`), in key order. */
  matchers(path: string, size: number, mode: number): K[];
}

export interface FileMatcherOptions<K extends string> {
  /**
   * Called by `select` when a file matched some selectors' rules but was over their
   * `maxSize` (the keys are those selectors): the caller records the skip as a diagnostic.
   */
  onOversize?: (path: string, size: number, keys: K[]) => void;
}

interface SuffixRule {
  suffix: string;
  index: number;
}

interface GlobRule {
  test: (path: string) => boolean;
  index: number;
}

/**
 * Compiles selectors. Paths are matched exactly after normalisation (`usr/lib/x` and
 * `/usr/lib/x` are the same); globs use picomatch with `dot: true` and are matched against
 * the absolute path without its leading `/`, so `**\/*.jar`, `usr/lib/**` and `/usr/lib/**`
 * all work. `executables` selects regular files with any execute bit.
 */
export function compileFileMatcher<K extends string>(
  selectors: Readonly<Record<K, FileSelector>>,
  options: FileMatcherOptions<K> = {},
): FileMatcher<K> {
  const keys = Object.keys(selectors) as K[];
  const maxSizes = keys.map((key) => selectors[key].maxSize ?? Number.POSITIVE_INFINITY);
  const exact = new Map<string, number[]>();
  const basenames = new Map<string, number[]>();
  const suffixesByLastChar = new Map<number, SuffixRule[]>();
  const executables: number[] = [];
  const globs: GlobRule[] = [];
  const globSources: string[] = [];

  keys.forEach((key, index) => {
    const selector = selectors[key];
    for (const raw of selector.paths ?? []) {
      const path = normaliseEntryPath(raw);
      if (path !== undefined) addTo(exact, path, index);
    }
    for (const name of selector.basenames ?? []) addTo(basenames, name, index);
    for (const suffix of selector.suffixes ?? []) {
      if (suffix === "") continue;
      const last = suffix.charCodeAt(suffix.length - 1);
      const rules = suffixesByLastChar.get(last) ?? [];
      rules.push({ suffix, index });
      suffixesByLastChar.set(last, rules);
    }
    if (selector.executables === true) executables.push(index);
    for (const glob of selector.globs ?? []) {
      const pattern = stripLeadingSlashes(glob);
      const regex = picomatch.makeRe(pattern, { dot: true });
      globs.push({ test: (path) => regex.test(path), index });
      globSources.push(`(?:${regex.source})`);
    }
  });

  const anyGlob = globSources.length > 0 ? new RegExp(globSources.join("|")) : undefined;

  /**
   * Visits every selector index whose rules match; `visit` returns true to stop early.
   * Cheapest rules first.
   */
  const visitMatches = (path: string, mode: number, visit: (index: number) => boolean): boolean => {
    const byPath = exact.get(path);
    if (byPath !== undefined) for (const i of byPath) if (visit(i)) return true;
    const base = path.slice(path.lastIndexOf("/") + 1);
    const byName = basenames.get(base);
    if (byName !== undefined) for (const i of byName) if (visit(i)) return true;
    const bySuffix = suffixesByLastChar.get(path.charCodeAt(path.length - 1));
    if (bySuffix !== undefined) {
      for (const rule of bySuffix) if (path.endsWith(rule.suffix) && visit(rule.index)) return true;
    }
    if (executables.length > 0 && (mode & 0o111) !== 0) {
      for (const i of executables) if (visit(i)) return true;
    }
    if (anyGlob !== undefined) {
      const relative = path.charCodeAt(0) === 47 ? path.slice(1) : path;
      if (anyGlob.test(relative)) {
        for (const rule of globs) if (rule.test(relative) && visit(rule.index)) return true;
      }
    }
    return false;
  };

  const onOversize = options.onOversize;
  const select: SelectFile = (path, size, mode) => {
    let oversized: number[] | undefined;
    const hit = visitMatches(path, mode, (i) => {
      if (size <= maxSizes[i]!) return true;
      if (oversized === undefined) oversized = [i];
      else oversized.push(i);
      return false;
    });
    if (!hit && oversized !== undefined && onOversize !== undefined) {
      onOversize(
        path,
        size,
        unique(oversized).map((i) => keys[i]!),
      );
    }
    return hit;
  };

  const matchers = (path: string, size: number, mode: number): K[] => {
    const matched = new Array<boolean>(keys.length).fill(false);
    visitMatches(path, mode, (i) => {
      if (size <= maxSizes[i]!) matched[i] = true;
      return false;
    });
    const out: K[] = [];
    for (let i = 0; i < keys.length; i++) if (matched[i]) out.push(keys[i]!);
    return out;
  };

  return { keys, select, matchers };
}

/** One selector as a bare predicate (no routing, no oversize report). */
export function compileFileSelector(selector: FileSelector): SelectFile {
  return compileFileMatcher({ selector }).select;
}

function addTo(map: Map<string, number[]>, key: string, index: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [index]);
  else if (!list.includes(index)) list.push(index);
}

function stripLeadingSlashes(glob: string): string {
  let i = 0;
  while (glob.charCodeAt(i) === 47) i++;
  return glob.slice(i);
}

function unique(values: number[]): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}
