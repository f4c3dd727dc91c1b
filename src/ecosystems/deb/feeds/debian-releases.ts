/**
 * Debian release codenames and the version their distro key uses (`bookworm` → `debian:12`).
 * Old releases use their point version (`sarge` → 3.1) as /etc/debian_version had it;
 * `sid` is `debian:unstable`.
 */
const debianVersions: Record<string, string> = {
  buzz: "1.1",
  rex: "1.2",
  bo: "1.3",
  hamm: "2.0",
  slink: "2.1",
  potato: "2.2",
  woody: "3.0",
  sarge: "3.1",
  etch: "4",
  lenny: "5",
  squeeze: "6",
  wheezy: "7",
  jessie: "8",
  stretch: "9",
  buster: "10",
  bullseye: "11",
  bookworm: "12",
  trixie: "13",
  forky: "14",
  duke: "15",
  sid: "unstable",
};

/** The version part of a Debian codename's distro key; undefined for an unknown codename. */
export function debianVersionOf(codename: string): string | undefined {
  return Object.hasOwn(debianVersions, codename) ? debianVersions[codename] : undefined;
}

/** `bookworm` → `debian:12`; undefined for an unknown codename. */
export function debianDistroKey(codename: string): string | undefined {
  const version = debianVersionOf(codename.toLowerCase());
  return version === undefined ? undefined : `debian:${version}`;
}
