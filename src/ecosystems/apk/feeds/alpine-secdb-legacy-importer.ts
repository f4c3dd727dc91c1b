import { readFile, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { parse as parseYaml } from "yaml";
import { feedUnreadable } from "../../../feeds/shared/feed-errors.js";
import { peekText } from "../../../feeds/shared/peek-file.js";
import type { Importer } from "../../../model/index.js";
import { diagnostic } from "../../../model/index.js";
import { secdbRecords } from "./secdb-records.js";

const legacyReleases = ["v3.3", "v3.4", "v3.5", "v3.6", "v3.7", "v3.8", "v3.9", "v3.10", "v3.11"] as const;
const maxFileBytes = 64 * 1024 * 1024;

/**
 * The official Alpine secdb in its older YAML form (`<release>/{main,community}.yaml`, up to
 * 2020). Provider `alpine-secdb-legacy`. Parsed with YAML's failsafe schema so version keys
 * stay strings (`1.10` would otherwise become the number 1.1).
 */
export const alpineSecdbLegacyImporter: Importer = {
  name: "alpine-secdb-legacy",
  version: "1.0.0",
  description: "Alpine Linux secdb, legacy YAML form",
  upstream: legacyReleases.flatMap((release) =>
    ["main", "community"].map((repo) => ({
      provider: "alpine-secdb-legacy",
      url: `https://secdb.alpinelinux.org/${release}/${repo}.yaml`,
      mirrorPath: `alpine-secdb-legacy-yaml/${release}/${repo}.yaml`,
    })),
  ),

  async detect(file) {
    if (!/\.ya?ml$/.test(file)) return undefined;
    const head = await peekText(file, 4096);
    if (!head || !/^distroversion:/m.test(head) || !/^(packages|apkurl|reponame):/m.test(head))
      return undefined;
    return { importer: "alpine-secdb-legacy", provider: "alpine-secdb-legacy", files: [file] };
  },

  async *parse(snapshot, count) {
    for (const file of snapshot.files) {
      const name = `${basename(dirname(file))}/${basename(file)}`;
      let text: string;
      try {
        if ((await stat(file)).size > maxFileBytes) throw new Error("file too large for a secdb document");
        text = await readFile(file, "utf8");
      } catch (e) {
        throw feedUnreadable(file, e);
      }
      let doc: unknown;
      try {
        doc = parseYaml(text, { schema: "failsafe", uniqueKeys: false });
      } catch (e) {
        const where = { file: name, source: "alpine-secdb-legacy" };
        yield {
          kind: "diagnostic",
          diagnostic: diagnostic("alpine-secdb-invalid-yaml", (e as Error).message, where),
        };
        continue;
      }
      const d = typeof doc === "object" && doc !== null ? doc : {};
      yield* secdbRecords(
        d,
        { provider: snapshot.provider, file: name, source: "alpine-secdb-legacy" },
        count,
      );
    }
  },
};
