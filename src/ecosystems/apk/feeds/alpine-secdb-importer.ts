import { peekText } from "../../../feeds/shared/peek-file.js";
import type { Importer } from "../../../model/index.js";
import { readSecdbFiles } from "./read-secdb-files.js";

/** Releases the official secdb publishes (https://secdb.alpinelinux.org/). */
export const alpineSecdbReleases = [...Array.from({ length: 21 }, (_, i) => `v3.${i + 2}`), "edge"] as const;

/**
 * Alpine secdb JSON (`<release>/{main,community}.json`). The whole tree of releases is one
 * provider, `alpine-secdb`; each package entry is one input record.
 */
export const alpineSecdbImporter: Importer = {
  name: "alpine-secdb",
  version: "1.0.0",
  description: "Alpine Linux secdb JSON (secfixes per package and release)",
  upstream: alpineSecdbReleases.flatMap((release) =>
    ["main", "community"].map((repo) => ({
      provider: "alpine-secdb",
      url: `https://secdb.alpinelinux.org/${release}/${repo}.json`,
      mirrorPath: `alpine-secdb/${release}/${repo}.json`,
    })),
  ),

  async detect(file) {
    if (!file.endsWith(".json")) return undefined;
    const head = await peekText(file, 4096);
    if (!head || !/"distroversion"\s*:/.test(head) || !/"(packages|apkurl|reponame)"\s*:/.test(head))
      return undefined;
    return { importer: "alpine-secdb", provider: "alpine-secdb", files: [file] };
  },

  parse(snapshot, count) {
    return readSecdbFiles(snapshot, count, {
      source: "alpine-secdb",
      invalidCode: "alpine-secdb-invalid-json",
      decode: (text) => JSON.parse(text),
    });
  },
};
