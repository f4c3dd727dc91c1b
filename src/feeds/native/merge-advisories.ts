import type { Advisory } from "../../model/advisory.js";

/**
 * Merges two records of one provider that carry the same advisory id (Debian OVAL writes
 * one definition per CVE and source package; rubysec one file per gem and CVE): the
 * affected packages, aliases, references and ratings are united, the first record's text
 * is kept and the dates widen (earliest published, latest modified).
 */
export function mergeAdvisories(into: Advisory, from: Advisory): Advisory {
  const merged: Advisory = {
    ...into,
    aliases: unique([...into.aliases, ...from.aliases]).filter((a) => a !== into.id),
    references: uniqueBy([...into.references, ...from.references], (r) => r.url),
    severities: uniqueBy([...into.severities, ...from.severities], (s) =>
      [s.source, s.severity, s.vector ?? "", s.score ?? ""].join("|"),
    ),
    affected: [...into.affected, ...from.affected],
  };
  const summary = into.summary ?? from.summary;
  if (summary !== undefined) merged.summary = summary;
  const details = into.details ?? from.details;
  if (details !== undefined) merged.details = details;
  const published = earliest(into.published, from.published);
  if (published !== undefined) merged.published = published;
  const modified = latest(into.modified, from.modified);
  if (modified !== undefined) merged.modified = modified;
  const cwes = unique([...(into.cwes ?? []), ...(from.cwes ?? [])]);
  if (cwes.length > 0) merged.cwes = cwes;
  const related = unique([...(into.related ?? []), ...(from.related ?? [])]);
  if (related.length > 0) merged.related = related;
  return merged;
}

/**
 * Groups consecutive records with the same id into one. Streams: only the record being
 * built is held. Records with an id seen earlier but not adjacent pass through as they are.
 */
export async function* mergeAdjacentAdvisories<T>(
  items: AsyncIterable<T>,
  advisoryOf: (item: T) => Advisory | undefined,
  wrap: (advisory: Advisory) => T,
): AsyncGenerator<T> {
  let pending: Advisory | undefined;
  for await (const item of items) {
    const advisory = advisoryOf(item);
    if (advisory === undefined) {
      yield item;
      continue;
    }
    if (pending !== undefined && pending.id === advisory.id && pending.provider === advisory.provider) {
      pending = mergeAdvisories(pending, advisory);
      continue;
    }
    if (pending !== undefined) yield wrap(pending);
    pending = advisory;
  }
  if (pending !== undefined) yield wrap(pending);
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a <= b ? a : b;
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a >= b ? a : b;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

function uniqueBy<T>(values: T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
