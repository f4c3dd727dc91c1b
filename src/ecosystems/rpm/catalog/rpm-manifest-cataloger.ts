import type { Cataloger, CatalogFile, FileParseResult } from "../../../catalog/cataloger.js";
import { diagnostic } from "../../../model/index.js";
import { buildRpmDraft, gpgPubkeyName } from "./build-rpm-draft.js";
import { parseRpmManifest } from "./parse-rpm-manifest.js";

const name = "rpm-manifest-cataloger";

/**
 * Packages of Azure Linux / CBL-Mariner distroless images, which drop the rpm database and
 * keep `rpm -qa` output in `/var/lib/rpmmanifest/container-manifest-2`.
 */
export const rpmManifestCataloger: Cataloger = {
  name,
  version: "1",
  ecosystem: "rpm",
  selects: { paths: ["/var/lib/rpmmanifest/container-manifest-2"], maxSize: 16 * 1024 * 1024 },
  parse(file: CatalogFile): FileParseResult {
    const { packages, badLines } = parseRpmManifest(file.bytes.toString("utf8"));
    const diagnostics =
      badLines.length === 0
        ? []
        : [
            diagnostic(
              "parse-error",
              `${file.path}: ${badLines.length} lines are not package entries (first at line ${badLines[0]})`,
              { file: file.path, layer: file.layer, source: name },
            ),
          ];
    return {
      packages: packages
        .filter((p) => p.name !== gpgPubkeyName)
        .map((p) => buildRpmDraft(p, { path: file.path, layer: file.layer, foundBy: name })),
      diagnostics,
    };
  },
};
