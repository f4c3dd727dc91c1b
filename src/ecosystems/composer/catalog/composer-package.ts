import type { CatalogFile, PackageDraft } from "../../../catalog/cataloger.js";
import { asRecord, asText } from "../../../catalog/parse/read-json.js";

/**
 * A draft from one composer package object (the shape composer.lock and installed.json
 * share): `name` (`vendor/package`), `version` as composer wrote it (`v1.8.1` stays as is),
 * `license` (array or string), `type`, and the source/dist reference.
 */
export function buildComposerDraft(
  value: unknown,
  file: CatalogFile,
  foundBy: string,
  dev: boolean,
): PackageDraft | undefined {
  const pkg = asRecord(value);
  const name = asText(pkg?.name);
  const version = asText(pkg?.version);
  if (pkg === undefined || name === undefined || version === undefined) return undefined;
  const metadata: Record<string, unknown> = {};
  if (dev) metadata.dev = true;
  const type = asText(pkg.type);
  if (type) metadata.packageType = type;
  const source = asRecord(pkg.source) ?? asRecord(pkg.dist);
  const url = asText(source?.url);
  const reference = asText(source?.reference);
  if (url) metadata.sourceUrl = url;
  if (reference) metadata.reference = reference;
  return {
    name,
    version,
    type: "composer",
    locations: [{ path: file.path, layer: file.layer }],
    foundBy,
    licenses: readLicenses(pkg.license),
    metadata,
  };
}

function readLicenses(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list.slice(0, 16).flatMap((entry) => asText(entry) ?? []);
}
