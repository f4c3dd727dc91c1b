import type { AffectedPackage, SchemeId, VersionRange } from "../../model/advisory.js";
import type { FlatPackage } from "./flatten-packages.js";
import { withoutZeroEpoch } from "./oval-advisory-fields.js";

/** How one distro labels the packages its OVAL names. */
export interface AffectedPackageShape {
  ecosystem: "deb" | "rpm";
  scheme: SchemeId;
  /** Distro key, `debian:12`. */
  distro: string;
  nameKind: "source" | "binary";
}

/**
 * The plain reading of a flattened package: affected below each `less than` bound and fixed
 * in that version; when a test only asks that the package be installed, affected with no
 * fix. Tests that had to be left aside (running kernel, pinned versions) are listed in the
 * note, merged over the alternatives that named the package.
 */
export function toAffectedPackage(flat: FlatPackage, shape: AffectedPackageShape): AffectedPackage {
  const ranges: VersionRange[] = flat.ranges.map((r) => {
    const range: VersionRange = {
      scheme: shape.scheme,
      introduced: r.introduced ? withoutZeroEpoch(r.introduced) : "0",
    };
    if (r.fixed !== undefined) range.fixed = withoutZeroEpoch(r.fixed);
    if (r.lastAffected !== undefined) range.lastAffected = withoutZeroEpoch(r.lastAffected);
    return range;
  });
  if (flat.unbounded && ranges.length === 0) ranges.push({ scheme: shape.scheme, introduced: "0" });
  const fixes = [...new Set(ranges.flatMap((r) => (r.fixed === undefined ? [] : [r.fixed])))];
  const unfixed = flat.unbounded || ranges.some((r) => r.fixed === undefined);
  const affected: AffectedPackage = {
    ecosystem: shape.ecosystem,
    distro: shape.distro,
    name: flat.name,
    nameKind: shape.nameKind,
    status: "affected",
    ranges,
    fix: { state: unfixed && fixes.length === 0 ? "not-fixed" : "fixed", versions: fixes },
  };
  if (flat.module !== undefined) affected.module = flat.module;
  if (flat.conditions.length > 0) affected.note = `also depends on: ${flat.conditions.join("; ")}`;
  return affected;
}
