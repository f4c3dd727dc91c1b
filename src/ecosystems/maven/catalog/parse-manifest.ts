/**
 * A JAR manifest (`META-INF/MANIFEST.MF`): the main section and the per-entry sections, with
 * attribute names lower-cased (the JAR spec makes them case-insensitive). When a name repeats
 * within a section, the first value wins.
 */
export interface JarManifest {
  main: Map<string, string>;
  sections: Map<string, string>[];
}

/**
 * Parses a manifest per the JAR File Specification: `Name: value` lines, continuation lines
 * that start with a single space, sections separated by blank lines, CRLF/LF/CR line ends.
 * Malformed lines are ignored (tools write sloppy manifests and the JVM tolerates them).
 */
export function parseManifest(text: string): JarManifest {
  const sections: Map<string, string>[] = [new Map()];
  let current = sections[0]!;
  let key: string | undefined;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line === "") {
      if (current.size > 0) {
        current = new Map();
        sections.push(current);
      }
      key = undefined;
      continue;
    }
    if (line.startsWith(" ")) {
      if (key !== undefined) current.set(key, current.get(key) + line.slice(1));
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) {
      key = undefined;
      continue;
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    if (current.has(name)) {
      key = undefined; // keep the first value; ignore this one and its continuations
      continue;
    }
    current.set(name, line.slice(colon + 1).trimStart());
    key = name;
  }
  const [main = new Map<string, string>(), ...rest] = sections;
  for (const [k, v] of main) main.set(k, v.trim());
  return {
    main,
    sections: rest.filter((s) => s.size > 0).map((s) => new Map([...s].map(([k, v]) => [k, v.trim()]))),
  };
}

/**
 * The first non-empty value of an attribute: the main section first, then the entry sections
 * in order (Debian-built jars such as log4j 1.2 carry `Implementation-*` only in a
 * `Name: org/apache/log4j` section).
 */
export function manifestValue(m: JarManifest, attribute: string): string | undefined {
  const key = attribute.toLowerCase();
  for (const section of [m.main, ...m.sections]) {
    const v = section.get(key);
    if (v !== undefined && v !== "") return v;
  }
  return undefined;
}
