import type { FileRef } from "./layer.js";

/**
 * Package types are purl types (https://github.com/package-url/purl-spec), which are
 * also drydock's ecosystem ids.
 */
export type PackageType =
  | "apk"
  | "deb"
  | "rpm"
  | "npm"
  | "pypi"
  | "maven"
  | "golang"
  | "gem"
  | "cargo"
  | "composer"
  | "nuget"
  | "generic";

/** The OS package that owns a language package's files (e.g. deb python3-urllib3). */
export interface OwnerRef {
  type: "deb" | "rpm" | "apk";
  name: string;
  version?: string;
}

/**
 * One installed package. `id` is stable for the same package at the same location
 * (a hash of type, name, version and first location), so SBOMs diff cleanly.
 */
export interface Package {
  id: string;
  name: string;
  version: string;
  type: PackageType;
  purl: string;
  cpes?: string[];
  /** deb Source, apk origin, rpm source RPM: what distro advisories are keyed on. */
  source?: { name: string; version?: string };
  /** Distro key (`debian:12`, `alpine:3.18`) for OS packages. */
  distro?: string;
  locations: FileRef[];
  /** Cataloger id that found it (`dpkg-db-cataloger`). */
  foundBy: string;
  /** SPDX expressions where they parse, else the raw strings. */
  licenses: string[];
  /** Set when a language package's files are owned by an OS package. */
  ownedBy?: OwnerRef;
  /** `low` when name/version were guessed (e.g. from a jar file name). */
  confidence?: "high" | "low";
  /** Ecosystem-specific facts (arch, epoch, release, modularity label, groupId, ...). */
  metadata?: Record<string, unknown>;
}
