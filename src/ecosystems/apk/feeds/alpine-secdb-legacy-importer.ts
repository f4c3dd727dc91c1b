import { parse as parseYaml } from "yaml";
import { peekText } from "../../../feeds/shared/peek-file.js";
import type { Importer } from "../../../model/index.js";
import { readSecdbFiles } from "./read-secdb-files.js";

const legacyReleases = ["v3.3", "v3.4", "v3.5", "v3.6", "v3.7", "v3.8", "v3.9", "v3.10", "v3.11"] as const;
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

  parse(snapshot, count) {
    return readSecdbFiles(snapshot, count, {
      source: "alpine-secdb-legacy",
      invalidCode: "alpine-secdb-invalid-yaml",
      decode: (text) => parseYaml(text, { schema: "failsafe", uniqueKeys: false }),
    });
  },
};
