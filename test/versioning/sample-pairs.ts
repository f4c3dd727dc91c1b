import { hasVersionVectors, readVectorLines } from "./vector-files.js";

/** A small deterministic PRNG (mulberry32), so sampled tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` pairs drawn at random from the distinct versions of some vector files (when the
 * shared vectors are present) plus `extra`, keeping only strings `accept` admits.
 */
export function samplePairs(
  files: readonly string[],
  extra: readonly string[],
  count: number,
  accept: (version: string) => boolean,
  seed = 20240601,
): Array<[string, string]> {
  const pool = new Set(extra);
  if (hasVersionVectors()) {
    for (const file of files) {
      for (const line of readVectorLines(file)) {
        for (const key of ["a", "b"]) if (typeof line[key] === "string") pool.add(line[key]);
      }
    }
  }
  const versions = [...pool].filter(accept).sort();
  const random = seededRandom(seed);
  const pick = () => versions[Math.floor(random() * versions.length)] as string;
  return Array.from({ length: count }, () => [pick(), pick()] as [string, string]);
}
