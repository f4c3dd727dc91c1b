/** One locked gem of a Gemfile.lock. */
export interface LockedGem {
  name: string;
  /** Version without the platform suffix. */
  version: string;
  /** Platform of a native gem (`x86_64-linux` from `1.13.6-x86_64-linux`). */
  platform?: string;
  /** Section it was locked in. */
  source: "rubygems" | "git" | "path" | "plugin";
  remote?: string;
  revision?: string;
}

export interface GemfileLock {
  gems: LockedGem[];
  /** Names listed under DEPENDENCIES (the Gemfile's own requirements). */
  direct: Set<string>;
  /** Spec lines that did not read as `name (version)`. */
  malformed: number;
}

const sourceSections: Record<string, LockedGem["source"]> = {
  GEM: "rubygems",
  GIT: "git",
  PATH: "path",
  "PLUGIN SOURCE": "plugin",
};

/**
 * Reads Bundler's Gemfile.lock: source sections (GEM, GIT, PATH, PLUGIN SOURCE) with
 * `remote:` / `revision:` and their `specs:` (4-space `name (version[-platform])` lines;
 * 6-space lines are the spec's own dependencies), and DEPENDENCIES. Unknown sections are
 * skipped. Gem versions cannot contain `-`, so the first `-` starts the platform.
 */
export function parseGemfileLock(text: string): GemfileLock {
  const out: GemfileLock = { gems: [], direct: new Set(), malformed: 0 };
  let section = "";
  let remote: string | undefined;
  let revision: string | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    if (rawLine.trim() === "") continue;
    const indent = rawLine.length - rawLine.trimStart().length;
    const line = rawLine.trim();
    if (indent === 0) {
      section = line;
      remote = undefined;
      revision = undefined;
      continue;
    }
    const source = sourceSections[section];
    if (source !== undefined) {
      if (indent === 2) {
        const field = /^(remote|revision):\s*(.*)$/.exec(line);
        if (field?.[1] === "remote") remote = field[2];
        if (field?.[1] === "revision") revision = field[2];
      } else if (indent === 4) {
        const spec = /^(\S+) \(([^)\s]+)\)$/.exec(line);
        if (!spec?.[1] || !spec[2]) {
          out.malformed++;
          continue;
        }
        const dash = spec[2].indexOf("-");
        const gem: LockedGem = {
          name: spec[1],
          version: dash < 0 ? spec[2] : spec[2].slice(0, dash),
          source,
        };
        if (dash >= 0) gem.platform = spec[2].slice(dash + 1);
        if (remote) gem.remote = remote;
        if (revision) gem.revision = revision;
        out.gems.push(gem);
      }
    } else if (section === "DEPENDENCIES" && indent === 2) {
      const dep = /^([^\s(!]+)/.exec(line);
      if (dep?.[1]) out.direct.add(dep[1]);
    }
  }
  return out;
}
