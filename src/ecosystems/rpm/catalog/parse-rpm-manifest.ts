import type { RpmPackageInfo } from "./read-rpm-package.js";

/**
 * Parses Azure Linux / CBL-Mariner distroless `/var/lib/rpmmanifest/container-manifest-2`:
 * one package per line, tab-separated, as written by
 * `rpm -qa --queryformat "%{NAME}\t%{VERSION}-%{RELEASE}\t%{INSTALLTIME}\t%{BUILDTIME}\t%{VENDOR}\t%{EPOCH}\t%{SIZE}\t%{ARCH}\t%{EPOCHNUM}\t%{SOURCERPM}\n"`
 * (rpm prints `(none)` for a missing value). The manifest carries no file lists or licenses.
 */
export function parseRpmManifest(text: string): {
  packages: Omit<RpmPackageInfo, "problems">[];
  badLines: number[];
} {
  const packages: Omit<RpmPackageInfo, "problems">[] = [];
  const badLines: number[] = [];
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "") return;
    const cols = line.split("\t").map((c) => (c === "(none)" ? "" : c));
    const [name, versionRelease, , , vendor, epoch, size, arch, , sourceRpm] = cols;
    const dash = versionRelease?.lastIndexOf("-") ?? -1;
    if (cols.length < 8 || !name || !versionRelease || dash <= 0 || dash === versionRelease.length - 1) {
      badLines.push(i + 1);
      return;
    }
    const info: Omit<RpmPackageInfo, "problems"> = {
      name,
      version: versionRelease.slice(0, dash),
      release: versionRelease.slice(dash + 1),
      files: [],
    };
    if (epoch && /^\d+$/.test(epoch)) info.epoch = Number(epoch);
    if (arch) info.arch = arch;
    if (vendor) info.vendor = vendor;
    if (sourceRpm) info.sourceRpm = sourceRpm;
    if (size && /^\d+$/.test(size)) info.size = Number(size);
    packages.push(info);
  });
  return { packages, badLines };
}
