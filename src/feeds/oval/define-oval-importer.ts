import type { Advisory } from "../../model/advisory.js";
import { diagnostic } from "../../model/diagnostic.js";
import type { FeedRecord, FeedSnapshot, Importer } from "../../model/feed.js";
import { mergeAdjacentAdvisories } from "../native/merge-advisories.js";
import type { ReadFeedTextOptions } from "../native/read-feed-text.js";
import { sniffFeed } from "../native/sniff-feed.js";
import { type EvaluatedDefinition, evaluateOvalFile, type OvalReleaseRules } from "./evaluate-oval-file.js";

/** What one distro contributes to an OVAL importer. */
export interface OvalImporterSpec {
  name: string;
  version: string;
  description: string;
  upstream: Importer["upstream"];
  /** The provider id a file feeds, from its path relative to the import root; undefined: not this distro's. */
  providerFor(relativePath: string): string | undefined;
  /** Release rules for one provider (its file-name release is the usual fallback). */
  releaseRules(provider: string): OvalReleaseRules;
  /** The release a provider's file name promises (`rocky:8`), to flag files that hold another. */
  fileRelease?(provider: string): string | undefined;
  /** Turns an evaluated definition into an advisory; undefined skips it (inventory definitions). */
  toAdvisory(evaluated: EvaluatedDefinition, provider: string): Advisory | undefined;
  /** Decoder choice, for tests of the pure-JS bzip2 path. */
  readOptions?: ReadFeedTextOptions;
}

/**
 * Builds an {@link Importer} for one distro's OVAL feed: detection by file name and magic
 * bytes, two-pass streaming evaluation (src/feeds/oval), the distro's mapping to advisories,
 * and merging of adjacent definitions that share an advisory id (Debian writes one per CVE
 * and package). A definition that cannot be read or evaluated becomes a diagnostic.
 */
export function defineOvalImporter(spec: OvalImporterSpec): Importer {
  return {
    name: spec.name,
    version: spec.version,
    description: spec.description,
    upstream: spec.upstream,
    async detect(file, relativePath) {
      const provider = spec.providerFor(relativePath);
      if (provider === undefined) return undefined;
      const head = await sniffFeed(file);
      const readable = head.bzip2 || head.xmlRoot("oval_definitions");
      return readable ? { importer: spec.name, provider, files: [file] } : undefined;
    },
    parse(snapshot, count) {
      return mergeAdjacentAdvisories(
        parseSnapshot(spec, snapshot, count),
        (record) => (record.kind === "advisory" ? record.advisory : undefined),
        (advisory): FeedRecord => ({ kind: "advisory", advisory }),
      );
    },
  };
}

async function* parseSnapshot(
  spec: OvalImporterSpec,
  snapshot: FeedSnapshot,
  count: (n?: number) => void,
): AsyncGenerator<FeedRecord> {
  const rules = spec.releaseRules(snapshot.provider);
  const promised = spec.fileRelease?.(snapshot.provider);
  const mismatches = new Set<string>();
  for (const file of snapshot.files) {
    // Per-definition remarks that repeat across a file are reported once, with a count.
    const unscoped: Tally = new Map();
    const repaired: Tally = new Map();
    for await (const item of evaluateOvalFile(file, rules, count, spec.readOptions)) {
      if (item.kind === "problem") {
        yield {
          kind: "diagnostic",
          diagnostic: diagnostic("malformed-record", item.message, { file, source: spec.name }),
        };
        continue;
      }
      const evaluated = item.value;
      if (promised !== undefined && evaluated.release !== promised && !mismatches.has(evaluated.release)) {
        mismatches.add(evaluated.release);
        yield {
          kind: "diagnostic",
          diagnostic: diagnostic(
            "oval-release-mismatch",
            `${snapshot.provider} is named for ${promised} but ${evaluated.definition.id} and others check for ${evaluated.release}; they are keyed ${evaluated.release}`,
            { file, source: spec.name, level: "info" },
          ),
        };
      }
      for (const note of evaluated.notes) tally(repaired, evaluated.definition.id, note);
      const advisory = spec.toAdvisory(evaluated, snapshot.provider);
      if (advisory !== undefined && evaluated.always) tally(unscoped, evaluated.definition.id);
      if (advisory !== undefined) yield { kind: "advisory", advisory };
    }
    for (const [note, ids] of unscoped) {
      yield summarise("oval-unscoped-definition", note, ids, file, spec.name);
    }
    for (const [note, ids] of repaired) yield summarise("oval-criteria-repaired", note, ids, file, spec.name);
  }
}

type Tally = Map<string, string[]>;

const unscopedNote = "criteria hold on every system of the release; no package is named";

function tally(into: Tally, definitionId: string, note = unscopedNote): void {
  const ids = into.get(note) ?? [];
  ids.push(definitionId);
  into.set(note, ids);
}

function summarise(code: string, note: string, ids: string[], file: string, source: string): FeedRecord {
  const which = ids.length === 1 ? `definition ${ids[0]}` : `${ids.length} definitions (${ids[0]}, ...)`;
  return {
    kind: "diagnostic",
    diagnostic: diagnostic(code, `${which}: ${note}`, { file, source, level: "info" }),
  };
}
