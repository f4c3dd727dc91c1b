/** Ubuntu codenames and their release numbers (the distro key uses the number: `ubuntu:24.04`). */
const ubuntuVersions: Record<string, string> = {
  trusty: "14.04",
  xenial: "16.04",
  bionic: "18.04",
  cosmic: "18.10",
  disco: "19.04",
  eoan: "19.10",
  focal: "20.04",
  groovy: "20.10",
  hirsute: "21.04",
  impish: "21.10",
  jammy: "22.04",
  kinetic: "22.10",
  lunar: "23.04",
  mantic: "23.10",
  noble: "24.04",
  oracular: "24.10",
  plucky: "25.04",
  questing: "25.10",
};

/** `noble` → `24.04`; undefined for a codename this table does not know. */
export function ubuntuVersionOf(codename: string): string | undefined {
  const key = codename.toLowerCase();
  return Object.hasOwn(ubuntuVersions, key) ? ubuntuVersions[key] : undefined;
}
