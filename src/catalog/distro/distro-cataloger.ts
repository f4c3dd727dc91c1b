import { diagnostic } from "../../model/index.js";
import type { Cataloger, CatalogFile, FileParseResult } from "../cataloger.js";
import { parseKeyValues } from "./parse-key-values.js";

/** How a distro file is read. */
export type DistroFileKind =
  | "os-release"
  | "lsb-release"
  | "alpine-release"
  | "debian_version"
  | "release-line";

/**
 * What the distro cataloger keeps from one file: key/values for os-release and
 * lsb-release, `{text}` (the first non-empty line) for one-line release files.
 */
export interface DistroFacts {
  kind: DistroFileKind;
  values: Record<string, string>;
}

/** The files read, with how each is read. Order here is not precedence: see resolveDistro. */
export const distroFiles: Readonly<Record<string, DistroFileKind>> = {
  "/etc/os-release": "os-release",
  "/usr/lib/os-release": "os-release",
  "/etc/lsb-release": "lsb-release",
  "/etc/alpine-release": "alpine-release",
  "/etc/debian_version": "debian_version",
  "/etc/redhat-release": "release-line",
  "/etc/rocky-release": "release-line",
  "/etc/centos-release": "release-line",
  "/etc/almalinux-release": "release-line",
  "/etc/system-release": "release-line",
};

const name = "distro-cataloger";

/**
 * Reads os-release and its fallbacks. It finds no packages: its `facts` feed
 * {@link resolveDistro}, which picks the distro after all layers are squashed.
 */
export const distroCataloger: Cataloger<DistroFacts> = {
  name,
  version: "1",
  ecosystem: "generic",
  selects: { paths: Object.keys(distroFiles), maxSize: 64 * 1024 },
  parse(file: CatalogFile): FileParseResult<DistroFacts> {
    const kind = distroFiles[file.path];
    if (!kind) return { packages: [], diagnostics: [] };
    const text = file.bytes.toString("utf8");
    if (kind === "os-release" || kind === "lsb-release") {
      const values = parseKeyValues(text);
      const key = kind === "os-release" ? "ID" : "DISTRIB_ID";
      const diagnostics = values[key]
        ? []
        : [
            diagnostic("parse-error", `${file.path}: no ${key} field`, {
              file: file.path,
              layer: file.layer,
              source: name,
            }),
          ];
      return { packages: [], diagnostics, facts: { kind, values } };
    }
    const line = text.split("\n").find((l) => l.trim() !== "") ?? "";
    return { packages: [], diagnostics: [], facts: { kind, values: { text: line.trim().slice(0, 256) } } };
  },
};
