import { readFile, stat } from "node:fs/promises";
import { basename, dirname, sep } from "node:path";
import { diagnostic, type FeedRecord, type Importer } from "../../model/index.js";
import { feedUnreadable } from "../shared/feed-errors.js";
import { streamJsonArrayItems } from "../shared/json-array-items.js";
import { openInputText } from "../shared/open-input.js";
import { peekText } from "../shared/peek-file.js";
import { listZipEntryNames, readZipEntries } from "../shared/zip-entries.js";
import { parseOsvRecord } from "./parse-osv-record.js";

/** Ecosystem folders of the osv.dev bucket that `db update` fetches by default. */
export const osvUpstreamEcosystems = [
  "AlmaLinux",
  "Alpine",
  "Bitnami",
  "CRAN",
  "crates.io",
  "Debian",
  "GIT",
  "Go",
  "Hackage",
  "Hex",
  "Julia",
  "Maven",
  "npm",
  "NuGet",
  "OSS-Fuzz",
  "Packagist",
  "Pub",
  "PyPI",
  "Rocky Linux",
  "RubyGems",
  "SwiftURL",
  "Ubuntu",
] as const;

const bucket = "https://osv-vulnerabilities.storage.googleapis.com";
/** A single JSON document larger than this is only read when it is an array (streamed). */
const maxDocumentBytes = 64 * 1024 * 1024;

/**
 * OSV importer: osv.dev's `<Ecosystem>/all.zip`, any zip of OSV JSON documents, a folder
 * of them, or one JSON file (a document or an array of documents). One provider per input:
 * `osv:<Ecosystem folder>` (`osv:Go`, `osv:AlmaLinux`).
 */
export const osvImporter: Importer = {
  name: "osv",
  version: "1.0.0",
  description: "OSV JSON records (osv.dev bucket zips, folders or single files), every ecosystem",
  upstream: osvUpstreamEcosystems.map((eco) => ({
    provider: `osv:${eco}`,
    url: `${bucket}/${encodeURIComponent(eco)}/all.zip`,
    mirrorPath: `osv/${eco}/all.zip`,
  })),

  async detect(file, relativePath) {
    const name = basename(file);
    if (name === "all.zip")
      return { importer: "osv", provider: `osv:${basename(dirname(file))}`, files: [file] };
    if (name.endsWith(".zip")) {
      const entries = await listZipEntryNames(file, 3).catch(() => []);
      if (entries.length === 0 || !entries.every((e) => e.endsWith(".json"))) return undefined;
      if (!(await zipHoldsOsv(file))) return undefined;
      return { importer: "osv", provider: `osv:${name.slice(0, -4)}`, files: [file] };
    }
    if (!name.endsWith(".json")) return undefined;
    const head = await peekText(file);
    if (!head || !looksLikeOsv(head)) return undefined;
    const parts = relativePath.split(/[\\/]/);
    const group = parts.length > 1 ? parts[0]! : basename(dirname(file));
    return { importer: "osv", provider: `osv:${group}`, files: [file] };
  },

  async *parse(snapshot, count) {
    for (const file of snapshot.files) {
      if (file.endsWith(".zip")) {
        for await (const entry of readZipEntries(file)) {
          if (entry.isDirectory || !entry.name.endsWith(".json")) continue;
          count();
          yield* recordsOf(await entry.text(), snapshot.provider, `${shortName(file)}!${entry.name}`);
        }
        continue;
      }
      const head = (await peekText(file, 512)) ?? "";
      if (head.trimStart().startsWith("[")) {
        try {
          for await (const item of streamJsonArrayItems(openInputText(file))) {
            count();
            yield* recordsOf(item, snapshot.provider, shortName(file));
          }
        } catch (e) {
          throw feedUnreadable(file, e);
        }
        continue;
      }
      let text: string;
      try {
        if ((await stat(file)).size > maxDocumentBytes) throw new Error("document too large");
        text = await readFile(file, "utf8");
      } catch (e) {
        throw feedUnreadable(file, e);
      }
      count();
      yield* recordsOf(text, snapshot.provider, shortName(file));
    }
  },
};

function* recordsOf(text: string, provider: string, file: string): Generator<FeedRecord> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    yield {
      kind: "diagnostic",
      diagnostic: diagnostic("osv-invalid-json", `not valid JSON: ${(e as Error).message}`, {
        file,
        source: "osv",
      }),
    };
    return;
  }
  const { advisory, diagnostics } = parseOsvRecord(doc, { provider, file });
  for (const d of diagnostics) yield { kind: "diagnostic", diagnostic: d };
  if (advisory) yield { kind: "advisory", advisory };
}

/** An OSV document names its `id` and at least one of the fields every OSV record has. */
function looksLikeOsv(head: string): boolean {
  if (/"format"\s*:\s*"NVD_CVE"/.test(head)) return false;
  return /"id"\s*:\s*"/.test(head) && /"(modified|published|affected|schema_version|aliases)"\s*:/.test(head);
}

async function zipHoldsOsv(file: string): Promise<boolean> {
  for await (const entry of readZipEntries(file)) {
    if (entry.isDirectory) continue;
    if (entry.size > maxDocumentBytes) return false;
    return looksLikeOsv((await entry.text()).slice(0, 16384));
  }
  return false;
}

/** `osv/Go/all.zip` style name for diagnostics: the last two path segments. */
function shortName(file: string): string {
  return file.split(sep).slice(-2).join("/");
}
