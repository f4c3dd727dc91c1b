import type { SchemeId } from "../../model/index.js";

/** Where an OSV `package.ecosystem` lands in drydock's keys. */
export interface EcosystemKey {
  /** drydock ecosystem id (purl type for the ones drydock catalogs). */
  ecosystem: string;
  /** Distro key for OS ecosystems (`almalinux:9`, `ubuntu:22.04`, `alpine:3.19`). */
  distro?: string;
  /** How the ecosystem orders versions; "ecosystem" when drydock has no scheme for it. */
  scheme: SchemeId | "ecosystem";
  /** A qualifier worth keeping (`ubuntu-pro` for Ubuntu Pro/ESM entries). */
  note?: string;
}

/** OSV language ecosystems → drydock ecosystem id and version scheme. */
const languages: Record<string, { ecosystem: string; scheme: SchemeId | "ecosystem" }> = {
  PyPI: { ecosystem: "pypi", scheme: "pep440" },
  npm: { ecosystem: "npm", scheme: "semver" },
  Maven: { ecosystem: "maven", scheme: "maven" },
  Go: { ecosystem: "golang", scheme: "golang" },
  "crates.io": { ecosystem: "cargo", scheme: "cargo" },
  RubyGems: { ecosystem: "gem", scheme: "gem" },
  NuGet: { ecosystem: "nuget", scheme: "nuget" },
  Packagist: { ecosystem: "composer", scheme: "composer" },
  Pub: { ecosystem: "pub", scheme: "ecosystem" },
  Hex: { ecosystem: "hex", scheme: "ecosystem" },
  SwiftURL: { ecosystem: "swift", scheme: "ecosystem" },
  ConanCenter: { ecosystem: "conan", scheme: "ecosystem" },
  "GitHub Actions": { ecosystem: "github-actions", scheme: "ecosystem" },
};

/**
 * OS ecosystems → package type, distro id and scheme. The release is taken from the
 * ecosystem suffix (`AlmaLinux:9`, `Alpine:v3.19`, `Ubuntu:22.04:LTS`).
 */
const distros: Record<string, { ecosystem: "deb" | "rpm" | "apk"; distro: string }> = {
  AlmaLinux: { ecosystem: "rpm", distro: "almalinux" },
  Alpine: { ecosystem: "apk", distro: "alpine" },
  Debian: { ecosystem: "deb", distro: "debian" },
  Ubuntu: { ecosystem: "deb", distro: "ubuntu" },
  "Rocky Linux": { ecosystem: "rpm", distro: "rocky" },
  "Red Hat": { ecosystem: "rpm", distro: "rhel" },
  "Photon OS": { ecosystem: "rpm", distro: "photon" },
  Mageia: { ecosystem: "rpm", distro: "mageia" },
  openEuler: { ecosystem: "rpm", distro: "openeuler" },
  "Azure Linux": { ecosystem: "rpm", distro: "azurelinux" },
  Mariner: { ecosystem: "rpm", distro: "mariner" },
  openSUSE: { ecosystem: "rpm", distro: "opensuse" },
  SUSE: { ecosystem: "rpm", distro: "sles" },
  Wolfi: { ecosystem: "apk", distro: "wolfi" },
  Chainguard: { ecosystem: "apk", distro: "chainguard" },
  MinimOS: { ecosystem: "apk", distro: "minimos" },
};

const schemeOf = { deb: "dpkg", rpm: "rpm", apk: "apk" } as const;

/**
 * Maps an OSV ecosystem string to drydock's ecosystem, distro key and version scheme.
 * Ecosystems drydock does not know (Hackage, CRAN, Julia, Bitnami, OSS-Fuzz, GHC, ...) are
 * kept under their own lower-case id with the "ecosystem" scheme.
 */
export function mapOsvEcosystem(raw: string): EcosystemKey {
  const parts = raw.split(":").map((p) => p.trim());
  const base = parts[0] ?? "";
  const lang = languages[base];
  if (lang) return { ...lang };
  const os = distros[base];
  if (os) {
    const key: EcosystemKey = { ecosystem: os.ecosystem, scheme: schemeOf[os.ecosystem] };
    const release = distroRelease(base, parts.slice(1));
    const id = release.id ?? os.distro;
    key.distro = release.version ? `${id}:${release.version}` : id;
    if (release.note) key.note = release.note;
    return key;
  }
  return { ecosystem: base.toLowerCase().replace(/\s+/g, "-"), scheme: "ecosystem" };
}

function distroRelease(base: string, rest: string[]): { id?: string; version?: string; note?: string } {
  switch (base) {
    case "Alpine":
      return { version: rest[0]?.replace(/^v/, "") };
    case "Ubuntu": {
      // Ubuntu:22.04:LTS, Ubuntu:Pro:18.04:LTS, Ubuntu:Pro:FIPS:20.04:LTS, Ubuntu:24.10
      const version = rest.find((p) => /^\d+\.\d+/.test(p));
      const pro = rest.includes("Pro");
      return pro ? { version, note: "ubuntu-pro" } : { version };
    }
    case "Red Hat": {
      // Red Hat:enterprise_linux:9::appstream, Red Hat:rhel_eus:9.2::baseos
      const m = /(\d+)/.exec(rest[1] ?? rest[0] ?? "");
      return { version: m?.[1] };
    }
    case "openSUSE": {
      // openSUSE:Leap 15.5, openSUSE:Tumbleweed
      const r = rest.join(":");
      const leap = /^Leap(?: Micro)?\s+([\d.]+)/i.exec(r);
      if (leap) return { id: /micro/i.test(r) ? "opensuse-leap-micro" : "opensuse-leap", version: leap[1] };
      return { id: `opensuse-${r.toLowerCase().replace(/\s+/g, "-")}` };
    }
    case "SUSE": {
      // SUSE:Linux Enterprise Server 15 SP5 → sles:15.5
      const r = rest.join(":");
      const m = /(\d+)(?:\s+SP(\d+))?/i.exec(r);
      const version = m ? `${m[1]}${m[2] ? `.${m[2]}` : ""}` : undefined;
      if (/Server/i.test(r)) return { id: "sles", version };
      if (/Desktop/i.test(r)) return { id: "sled", version };
      if (/Micro/i.test(r)) return { id: "sle-micro", version: /([\d.]+)/.exec(r)?.[1] };
      return {
        id: `suse-${r
          .replace(/[\d.]+|\s+SP\d+/gi, "")
          .trim()
          .toLowerCase()
          .replace(/\s+/g, "-")}`,
        version,
      };
    }
    case "openEuler": {
      // openEuler:22.03-LTS-SP2 → openeuler:22.03
      return { version: /^(\d+\.\d+)/.exec(rest[0] ?? "")?.[1] ?? rest[0] };
    }
    default:
      return { version: rest[0] || undefined };
  }
}
