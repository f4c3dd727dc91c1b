import { defineZipImporter } from "../../../feeds/native/define-zip-importer.js";
import { parseSecurityWgRecord, securityWgEntry } from "./parse-nodejs-security-wg.js";

/**
 * nodejs/security-wg advisories as a zip of the repository's `vuln/` tree (a GitHub
 * archive's top folder is fine), provider `nodejs-security-wg`: `vuln/npm` (npm packages,
 * `NSWG-ECO-<n>`), `vuln/core` (the Node.js runtime, ecosystem `node-runtime`,
 * `NSWG-CORE-<n>`) and `vuln/deps` (not-affected statements for bundled dependencies).
 * Each folder's `index.json` repeats its records and is not read.
 */
export const nodejsSecurityWgImporter = defineZipImporter({
  name: "nodejs-security-wg",
  version: "1",
  description: "Node.js security working group advisories (npm packages and the Node.js runtime)",
  upstream: [
    {
      provider: "nodejs-security-wg",
      url: "https://github.com/nodejs/security-wg/archive/refs/heads/main.zip",
      mirrorPath: "nodejs-security-wg/vuln.zip",
    },
  ],
  providerFor: (relativePath) =>
    /(?:^|\/)(?:nodejs-security-wg\/[^/]+|security-wg[^/]*)\.zip$/.test(relativePath)
      ? "nodejs-security-wg"
      : undefined,
  isRecord: (entryName) => securityWgEntry.test(entryName),
  parseRecord: parseSecurityWgRecord,
});
