import { readFile, stat } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { feedUnreadable } from "../../../feeds/shared/feed-errors.js";
import { peekText } from "../../../feeds/shared/peek-file.js";
import type { Importer } from "../../../model/index.js";
import { diagnostic } from "../../../model/index.js";
import { secdbRecords } from "./secdb-records.js";

/** Releases the official secdb publishes (https://secdb.alpinelinux.org/). */
export const alpineSecdbReleases = [...Array.from({ length: 21 }, (_, i) => `v3.${i + 2}`), "edge"] as const;

const maxFileBytes = 64 * 1024 * 1024;

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
        doc = JSON.parse(text);
      } catch (e) {
        yield {
          kind: "diagnostic",
          diagnostic: diagnostic("alpine-secdb-invalid-json", (e as Error).message, {
            file: name,
            source: "alpine-secdb",
          }),
        };
        continue;
      }
      const d = typeof doc === "object" && doc !== null ? doc : {};
      yield* secdbRecords(d, { provider: snapshot.provider, file: name, source: "alpine-secdb" }, count);
    }
  },
};
