import type { PackageDraft } from "../../../catalog/cataloger.js";
import type { Digest } from "../../../model/index.js";
import { parseSourceRpm } from "./parse-source-rpm.js";
import type { RpmPackageInfo } from "./read-rpm-package.js";

/** The name rpm gives the pseudo-packages that hold imported signing keys. */
export const gpgPubkeyName = "gpg-pubkey";

/** `[epoch:]version-release`, the form rpm advisories state fixed versions in. */
export function formatEvr(epoch: number | undefined, version: string, release: string): string {
  const vr = release ? `${version}-${release}` : version;
  return epoch === undefined ? vr : `${epoch}:${vr}`;
}

/**
 * Turns one installed rpm into a draft. `source` is the source package named by
 * SOURCERPM, with the binary's epoch (SRPM file names carry none, and distro advisories
 * state epochs), so matching by source package compares like with like.
 */
export function buildRpmDraft(
  info: Omit<RpmPackageInfo, "problems">,
  where: { path: string; layer: Digest; foundBy: string },
): PackageDraft {
  const metadata: Record<string, unknown> = { release: info.release };
  if (info.epoch !== undefined) metadata.epoch = info.epoch;
  if (info.arch) metadata.arch = info.arch;
  if (info.sourceRpm) metadata.sourceRpm = info.sourceRpm;
  if (info.vendor) metadata.vendor = info.vendor;
  if (info.modularityLabel) metadata.modularityLabel = info.modularityLabel;
  if (info.size !== undefined) metadata.size = info.size;
  const draft: PackageDraft = {
    name: info.name,
    version: formatEvr(info.epoch, info.version, info.release),
    type: "rpm",
    locations: [{ path: where.path, layer: where.layer }],
    foundBy: where.foundBy,
    licenses: info.license ? [info.license.trim()] : [],
    metadata,
  };
  const source = info.sourceRpm ? parseSourceRpm(info.sourceRpm) : undefined;
  if (source)
    draft.source = { name: source.name, version: formatEvr(info.epoch, source.version, source.release) };
  if (info.files.length > 0) draft.ownedFiles = info.files;
  return draft;
}
