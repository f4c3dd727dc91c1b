import { defineZipImporter } from "../../../feeds/native/define-zip-importer.js";
import { friendsOfPhpEntry, parseFriendsOfPhpAdvisory } from "./parse-friendsofphp-advisory.js";

/**
 * FriendsOfPHP security-advisories as a zip of the repository (`<vendor>/<package>/<id>.yaml`,
 * a GitHub archive's top folder is fine), provider `friendsofphp`: Packagist packages
 * (`composer://vendor/package`), each branch's constraints a composer range.
 */
export const friendsOfPhpImporter = defineZipImporter({
  name: "friendsofphp",
  version: "1",
  description: "FriendsOfPHP security-advisories YAML (Packagist)",
  upstream: [
    {
      provider: "friendsofphp",
      url: "https://github.com/FriendsOfPHP/security-advisories/archive/refs/heads/master.zip",
      mirrorPath: "friendsofphp/security-advisories.zip",
    },
  ],
  providerFor: (relativePath) =>
    /(?:^|\/)(?:friendsofphp\/[^/]+|security-advisories[^/]*)\.zip$/i.test(relativePath)
      ? "friendsofphp"
      : undefined,
  isRecord: (entryName) => friendsOfPhpEntry.test(entryName),
  parseRecord: (entryName, text, provider) => [parseFriendsOfPhpAdvisory(entryName, text, provider)],
});
