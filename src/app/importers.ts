import { alpineSecdbImporter } from "../ecosystems/apk/feeds/alpine-secdb-importer.js";
import { alpineSecdbLegacyImporter } from "../ecosystems/apk/feeds/alpine-secdb-legacy-importer.js";
import { friendsOfPhpImporter } from "../ecosystems/composer/feeds/friendsofphp-importer.js";
import { debianAdvisoryListsImporter } from "../ecosystems/deb/feeds/debian-advisory-lists-importer.js";
import { debianOvalImporter } from "../ecosystems/deb/feeds/debian-oval-importer.js";
import { debianTrackerJsonImporter } from "../ecosystems/deb/feeds/debian-tracker-json-importer.js";
import { ubuntuOvalImporter } from "../ecosystems/deb/feeds/ubuntu-oval-importer.js";
import { rubysecImporter } from "../ecosystems/gem/feeds/rubysec-importer.js";
import { nodejsSecurityWgImporter } from "../ecosystems/npm/feeds/nodejs-security-wg-importer.js";
import { azureLinuxOvalImporter } from "../ecosystems/rpm/feeds/azurelinux-oval-importer.js";
import { redhatOvalImporter } from "../ecosystems/rpm/feeds/redhat-oval-importer.js";
import { rockyOvalImporter } from "../ecosystems/rpm/feeds/rocky-oval-importer.js";
import { epssImporter } from "../feeds/epss/epss-importer.js";
import { kevImporter } from "../feeds/kev/kev-importer.js";
import { nvdImporter } from "../feeds/nvd/nvd-importer.js";
import { osvImporter } from "../feeds/osv/osv-importer.js";
import type { Importer } from "../model/index.js";

/**
 * The importer registry: every feed format drydock reads, keyed by importer id (which each
 * importer also carries as `name`). Adding an importer adds one line here. Order matters
 * only for detection: a file is given to the first importer whose `detect` claims it, so
 * specific formats come before general ones (OSV, which accepts any OSV-shaped JSON, last).
 */
export const importers = {
  "alpine-secdb": alpineSecdbImporter,
  "alpine-secdb-legacy": alpineSecdbLegacyImporter,
  kev: kevImporter,
  epss: epssImporter,
  nvd: nvdImporter,
  "debian-oval": debianOvalImporter,
  "ubuntu-oval": ubuntuOvalImporter,
  "debian-advisory-lists": debianAdvisoryListsImporter,
  "debian-tracker-json": debianTrackerJsonImporter,
  "redhat-oval": redhatOvalImporter,
  "rocky-oval": rockyOvalImporter,
  "azurelinux-oval": azureLinuxOvalImporter,
  rubysec: rubysecImporter,
  friendsofphp: friendsOfPhpImporter,
  "nodejs-security-wg": nodejsSecurityWgImporter,
  osv: osvImporter,
} satisfies Record<string, Importer>;

export type ImporterId = keyof typeof importers;
