import { createHash } from "node:crypto";
import type { Package } from "./package.js";

/**
 * A package's stable id: type, name, version, architecture and first location, hashed, so
 * the same package at the same place gets the same id in every SBOM and report.
 */
export function stablePackageId(
  p: Pick<Package, "type" | "name" | "version" | "locations" | "metadata">,
): string {
  const first = p.locations[0]?.path ?? "";
  const arch = typeof p.metadata?.arch === "string" ? p.metadata.arch : "";
  return createHash("sha256")
    .update(`${p.type}\0${p.name}\0${p.version}\0${first}\0${arch}`)
    .digest("hex")
    .slice(0, 16);
}
