/** Archive suffixes of the Java world (jar, web, enterprise, plugin and resource archives). */
export const javaArchiveSuffixes = [
  ".jar",
  ".war",
  ".ear",
  ".par",
  ".jpi",
  ".hpi",
  ".sar",
  ".nar",
  ".kar",
] as const;

/** True when an entry or file name ends with a Java archive suffix (any letter case). */
export function isJavaArchiveName(name: string): boolean {
  const lower = name.toLowerCase();
  return javaArchiveSuffixes.some((s) => lower.endsWith(s));
}

/**
 * Guesses `artifactId` and `version` from an archive file name in Maven's
 * `<artifactId>-<version>.<ext>` convention. The split is at a `-` followed by a digit; when
 * several qualify (`log4j-1.2-1.2.17.jar`), the last one whose version holds a dot wins
 * (`log4j-1.2` + `1.2.17`), since artifact ids may end in digits but versions rarely lack
 * dots. Names without such a split give only a name.
 */
export function guessFromFileName(path: string): { name?: string; version?: string } {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const dot = base.lastIndexOf(".");
  const stem = dot > 0 && isJavaArchiveName(base) ? base.slice(0, dot) : base;
  if (stem === "") return {};
  const splits: number[] = [];
  for (let i = 1; i < stem.length - 1; i++) {
    if (stem[i] === "-" && /\d/.test(stem[i + 1]!)) splits.push(i);
  }
  if (splits.length === 0) return { name: stem };
  const at = [...splits].reverse().find((i) => stem.slice(i + 1).includes(".")) ?? splits[0]!;
  return { name: stem.slice(0, at), version: stem.slice(at + 1) };
}
