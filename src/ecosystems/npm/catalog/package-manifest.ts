import { asRecord, asText } from "../../../catalog/parse/read-json.js";

/** The fields of a package.json that cataloguing needs. JSON-serialisable (cached as facts). */
export interface PackageManifest {
  name?: string;
  version?: string;
  licenses: string[];
  private?: boolean;
  /** `workspaces` globs (array form or `{packages: [...]}`), relative to the manifest's folder. */
  workspaces: string[];
  /** Names under `dependencies`, `optionalDependencies` and `peerDependencies`. */
  dependencies: string[];
  /** Names under `devDependencies`. */
  devDependencies: string[];
}

const maxLicenses = 16;
const maxListed = 10_000;

/** Reads the fields drydock uses from a parsed package.json value (unknown shapes give empty fields). */
export function readPackageManifest(value: unknown): PackageManifest {
  const json = asRecord(value) ?? {};
  const manifest: PackageManifest = {
    licenses: readNpmLicenses(json),
    workspaces: readWorkspaces(json.workspaces),
    dependencies: [
      ...listKeys(json.dependencies),
      ...listKeys(json.optionalDependencies),
      ...listKeys(json.peerDependencies),
    ],
    devDependencies: listKeys(json.devDependencies),
  };
  const name = asText(json.name);
  const version = asText(json.version);
  if (name !== undefined) manifest.name = name;
  if (version !== undefined) manifest.version = version;
  if (json.private === true) manifest.private = true;
  return manifest;
}

/**
 * Declared licenses: the `license` field (an SPDX expression, or the legacy `{type}` object)
 * or the legacy `licenses` array of strings or `{type, url}` objects.
 */
export function readNpmLicenses(json: Record<string, unknown>): string[] {
  const out: string[] = [];
  const add = (entry: unknown): void => {
    const text = asText(entry) ?? asText(asRecord(entry)?.type);
    if (text !== undefined && out.length < maxLicenses && !out.includes(text)) out.push(text);
  };
  add(json.license);
  if (Array.isArray(json.licenses)) for (const entry of json.licenses.slice(0, maxLicenses)) add(entry);
  else add(json.licenses);
  return out;
}

function readWorkspaces(value: unknown): string[] {
  const list = Array.isArray(value) ? value : asRecord(value)?.packages;
  if (!Array.isArray(list)) return [];
  return list.slice(0, maxListed).flatMap((entry) => asText(entry) ?? []);
}

function listKeys(value: unknown): string[] {
  const record = asRecord(value);
  return record === undefined ? [] : Object.keys(record).slice(0, maxListed);
}
