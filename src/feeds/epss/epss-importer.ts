import { basename } from "node:path";
import { diagnostic, type FeedRecord, type Importer } from "../../model/index.js";
import { feedUnreadable } from "../shared/feed-errors.js";
import { openInputText } from "../shared/open-input.js";
import { firstLine, peekText } from "../shared/peek-file.js";
import { readLines } from "../shared/read-lines.js";
import { listZipEntryNames, readZipEntries } from "../shared/zip-entries.js";
import { parseEpssLine } from "./parse-epss-line.js";

/** An EPSS data row, whichever separator. */
const scoreRow = /^CVE-\d{4}-\d+[;,]\s*[\d.eE-]+[;,]\s*[\d.eE-]+\s*$/i;

/**
 * EPSS scores: FIRST's gzip'd bulk CSV (`epss_scores-YYYY-MM-DD.csv.gz`), plain
 * `CVE;score;percentile` files, or a zip of them (EMBA's per-year files). Streamed line by
 * line: 300k+ rows never sit in memory. Provider `epss`.
 */
export const epssImporter: Importer = {
  name: "epss",
  version: "1.0.0",
  description: "FIRST EPSS exploit prediction scores (bulk CSV, plain CSV, or a zip of CSVs)",
  upstream: [
    {
      provider: "epss",
      url: "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz",
      mirrorPath: "epss/epss_scores-current.csv.gz",
    },
  ],

  async detect(file) {
    if (file.endsWith(".zip")) {
      const names = await listZipEntryNames(file, 3).catch(() => []);
      if (names.length > 0 && names.every((n) => /epss[^/]*\.csv$/i.test(n))) {
        return { importer: "epss", provider: "epss", files: [file] };
      }
      return undefined;
    }
    if (!/\.csv(\.gz)?$/.test(file)) return undefined;
    const head = await peekText(file, 1024);
    if (!head) return undefined;
    const line = firstLine(head);
    if (/^#model_version/.test(line) || /^cve,epss,percentile/i.test(line) || scoreRow.test(line)) {
      return { importer: "epss", provider: "epss", files: [file] };
    }
    return undefined;
  },

  async *parse(snapshot, count) {
    for (const file of snapshot.files) {
      try {
        if (file.endsWith(".zip")) {
          for await (const entry of readZipEntries(file)) {
            if (entry.isDirectory || !entry.name.toLowerCase().endsWith(".csv")) continue;
            const stream = await entry.stream();
            stream.setEncoding("utf8");
            yield* scoresOf(stream as AsyncIterable<string>, `${basename(file)}!${entry.name}`, count);
          }
        } else {
          yield* scoresOf(openInputText(file), basename(file), count);
        }
      } catch (e) {
        throw feedUnreadable(file, e);
      }
    }
  },
};

async function* scoresOf(
  text: AsyncIterable<string>,
  name: string,
  count: (n?: number) => void,
): AsyncGenerator<FeedRecord> {
  let date: string | undefined;
  let lineNo = 0;
  for await (const line of readLines(text)) {
    lineNo++;
    const parsed = parseEpssLine(line, date);
    switch (parsed.kind) {
      case "score":
        count();
        yield { kind: "epss", score: parsed.score };
        break;
      case "model":
        date = parsed.date ?? date;
        break;
      case "invalid":
        count();
        yield {
          kind: "diagnostic",
          diagnostic: diagnostic("epss-invalid-row", parsed.reason, {
            file: `${name}:${lineNo}`,
            source: "epss",
          }),
        };
        break;
    }
  }
}
