import { basename } from "node:path";
import { diagnostic, type Importer } from "../../model/index.js";
import { feedUnreadable } from "../shared/feed-errors.js";
import { streamJsonArrayItems } from "../shared/json-array-items.js";
import { openInputText } from "../shared/open-input.js";
import { peekText } from "../shared/peek-file.js";
import { parseNvdItem } from "./parse-nvd-item.js";

const feedBase = "https://nvd.nist.gov/feeds/json/cve/2.0";
/** NVD publishes one file per CVE year from 2002, plus `modified` (the last 8 days). */
const firstYear = 2002;

/**
 * Provider id from an NVD file name: `nvdcve-2016.json.gz` and NVD's own
 * `nvdcve-2.0-2016.json.gz` both give `nvd:2016`; `nvdcve-modified…` gives `nvd:modified`.
 */
export function nvdProviderOf(file: string): string {
  const stem = basename(file)
    .replace(/\.json(\.gz)?$/, "")
    .replace(/^nvdcve-/, "")
    .replace(/^2\.0-/, "");
  return `nvd:${stem}`;
}

/**
 * NVD CVE API 2.0 JSON (NVD's 2.0 data feeds and the vulnz cache use the same document:
 * `{"format":"NVD_CVE","version":"2.0",…,"vulnerabilities":[{"cve":{…}}]}`), plain or
 * gzip'd. The `vulnerabilities` array is streamed item by item: a 1.5 GB year file never
 * sits in memory.
 */
export const nvdImporter: Importer = {
  name: "nvd",
  version: "1.0.0",
  description: "NVD CVE API 2.0 records: CVSS v2/v3.x/v4, CWE, references, CPE configurations",
  upstream: [
    ...Array.from({ length: new Date().getUTCFullYear() - firstYear + 1 }, (_, i) => String(firstYear + i)),
    "modified",
  ].map((stem) => ({
    provider: `nvd:${stem}`,
    url: `${feedBase}/nvdcve-2.0-${stem}.json.gz`,
    mirrorPath: `nvd/nvd_api_cache/nvdcve-${stem}.json.gz`,
  })),

  async detect(file) {
    if (!/\.json(\.gz)?$/.test(file)) return undefined;
    const head = await peekText(file, 4096);
    if (!head || !/"format"\s*:\s*"NVD_CVE"/.test(head)) return undefined;
    return { importer: "nvd", provider: nvdProviderOf(file), files: [file] };
  },

  async *parse(snapshot, count) {
    for (const file of snapshot.files) {
      let index = 0;
      try {
        for await (const text of streamJsonArrayItems(openInputText(file), "vulnerabilities")) {
          count();
          const where = { file: `${basename(file)}#vulnerabilities[${index++}]`, source: "nvd" };
          let item: unknown;
          try {
            item = JSON.parse(text);
          } catch (e) {
            yield {
              kind: "diagnostic",
              diagnostic: diagnostic("nvd-invalid-json", (e as Error).message, where),
            };
            continue;
          }
          const advisory = parseNvdItem(item);
          if (typeof advisory === "string") {
            yield { kind: "diagnostic", diagnostic: diagnostic("nvd-invalid-record", advisory, where) };
            continue;
          }
          yield { kind: "advisory", advisory: { ...advisory, provider: snapshot.provider } };
        }
      } catch (e) {
        throw feedUnreadable(file, e);
      }
    }
  },
};
