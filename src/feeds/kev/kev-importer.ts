import { basename } from "node:path";
import { type Diagnostic, diagnostic, type FeedRecord, type Importer } from "../../model/index.js";
import { readCsvRows } from "../shared/csv-rows.js";
import { feedUnreadable } from "../shared/feed-errors.js";
import { streamJsonArrayItems } from "../shared/json-array-items.js";
import { openInputText } from "../shared/open-input.js";
import { firstLine, peekText } from "../shared/peek-file.js";
import { toKevEntry } from "./kev-entry.js";

/**
 * CISA Known Exploited Vulnerabilities catalog, JSON or CSV. Both forms feed the one
 * provider `kev`; given both, an entry is counted and stored once (by CVE id).
 */
export const kevImporter: Importer = {
  name: "kev",
  version: "1.0.0",
  description: "CISA Known Exploited Vulnerabilities catalog (JSON or CSV)",
  upstream: [
    {
      provider: "kev",
      url: "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
      mirrorPath: "kev/known_exploited_vulnerabilities.json",
    },
  ],

  async detect(file) {
    if (file.endsWith(".json")) {
      const head = await peekText(file, 4096);
      if (head && /"catalogVersion"\s*:\s*"/.test(head) && head.includes('"vulnerabilities"')) {
        return { importer: "kev", provider: "kev", files: [file] };
      }
    } else if (file.endsWith(".csv")) {
      const head = await peekText(file, 1024);
      if (head && /^cveID,vendorProject,product,/.test(firstLine(head))) {
        return { importer: "kev", provider: "kev", files: [file] };
      }
    }
    return undefined;
  },

  async *parse(snapshot, count) {
    const seen = new Set<string>();
    for (const file of snapshot.files) {
      try {
        const entries = file.endsWith(".csv") ? csvEntries(file) : jsonEntries(file);
        let index = 0;
        for await (const raw of entries) {
          const where = { file: `${basename(file)}#${index++}`, source: "kev" };
          const entry = typeof raw === "string" ? raw : toKevEntry(raw);
          if (typeof entry === "string") {
            count();
            yield diag("kev-invalid-entry", entry, where);
            continue;
          }
          if (seen.has(entry.cve)) continue;
          seen.add(entry.cve);
          count();
          yield { kind: "kev", entry };
        }
      } catch (e) {
        throw feedUnreadable(file, e);
      }
    }
  },
};

async function* jsonEntries(file: string): AsyncGenerator<Record<string, unknown> | string> {
  for await (const text of streamJsonArrayItems(openInputText(file), "vulnerabilities")) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch (e) {
      yield `not valid JSON: ${(e as Error).message}`;
      continue;
    }
    yield typeof v === "object" && v !== null && !Array.isArray(v)
      ? (v as Record<string, unknown>)
      : "not an object";
  }
}

async function* csvEntries(file: string): AsyncGenerator<Record<string, unknown> | string> {
  let header: string[] | undefined;
  for await (const row of readCsvRows(openInputText(file))) {
    if (!header) {
      header = row.map((h) => h.replace(/^\uFEFF/, "").trim());
      continue;
    }
    yield Object.fromEntries(header.map((h, i) => [h, row[i]]));
  }
}

function diag(code: string, message: string, where: Pick<Diagnostic, "file" | "source">): FeedRecord {
  return { kind: "diagnostic", diagnostic: diagnostic(code, message, where) };
}
