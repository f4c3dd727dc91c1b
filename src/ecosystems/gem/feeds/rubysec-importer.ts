import { defineZipImporter } from "../../../feeds/native/define-zip-importer.js";
import { parseRubysecAdvisory, rubysecEntry } from "./parse-rubysec-advisory.js";

/**
 * ruby-advisory-db (rubysec) as a zip of its repository (`gems/<gem>/<id>.yml`,
 * `rubies/<engine>/<id>.yml`; a GitHub archive's top folder is fine), provider `rubysec`.
 * Gem advisories are ecosystem `gem`; advisories about Ruby implementations themselves
 * (`rubies/`) are ecosystem `ruby-engine` with the engine as name (`ruby`, `jruby`).
 * Advisory ids are the file names (`CVE-2020-8164`, `GHSA-...`); one CVE filed under several
 * gems becomes one advisory with several affected gems.
 */
export const rubysecImporter = defineZipImporter({
  name: "rubysec",
  version: "1",
  description: "Ruby Advisory Database (rubysec) YAML: gems and Ruby engines",
  upstream: [
    {
      provider: "rubysec",
      url: "https://github.com/rubysec/ruby-advisory-db/archive/refs/heads/master.zip",
      mirrorPath: "rubysec/ruby-advisory-db.zip",
    },
  ],
  providerFor: (relativePath) =>
    /(?:^|\/)ruby-advisory-db[^/]*\.zip$/.test(relativePath) ? "rubysec" : undefined,
  isRecord: (entryName) => rubysecEntry.test(entryName),
  parseRecord: (entryName, text, provider) => [parseRubysecAdvisory(entryName, text, provider)],
});
