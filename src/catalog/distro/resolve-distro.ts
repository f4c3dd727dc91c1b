import type { Distro } from "../../model/index.js";
import type { ParsedFile } from "../cataloger.js";
import type { DistroFacts } from "./distro-cataloger.js";
import { supportOf } from "./distro-support.js";
import { parseReleaseLine } from "./parse-release-line.js";

type Found = Omit<Distro, "source" | "support">;

/**
 * Which file wins, first to last: os-release (`/etc`, then `/usr/lib`), then the
 * distro-specific fallbacks. lsb-release comes before debian_version because Ubuntu ships
 * both (its debian_version names the Debian testing it branched from).
 */
const precedence: [string, (f: DistroFacts) => Found | undefined][] = [
  ["/etc/os-release", fromOsRelease],
  ["/usr/lib/os-release", fromOsRelease],
  ["/etc/alpine-release", fromAlpineRelease],
  ["/etc/lsb-release", fromLsbRelease],
  ["/etc/rocky-release", fromReleaseLine],
  ["/etc/almalinux-release", fromReleaseLine],
  ["/etc/centos-release", fromReleaseLine],
  ["/etc/redhat-release", fromReleaseLine],
  ["/etc/system-release", fromReleaseLine],
  ["/etc/debian_version", fromDebianVersion],
];

/** os-release's rule for ID and VERSION_ID values (lower case, digits, `.`, `_`, `-`). */
const idPattern = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Picks the image's distro from the distro cataloger's surviving files (pure). Returns
 * undefined when no file names one. `support` says whether the release is known to be
 * past its end of life, or the distro is not one drydock knows.
 */
export function resolveDistro(parsed: ParsedFile[]): Distro | undefined {
  const byPath = new Map<string, DistroFacts>();
  for (const file of parsed) {
    if (isDistroFacts(file.facts)) byPath.set(file.path, file.facts);
  }
  for (const [path, read] of precedence) {
    const facts = byPath.get(path);
    const found = facts && read(facts);
    if (!found || !idPattern.test(found.id)) continue;
    const distro: Distro = { ...found, source: path };
    distro.support = supportOf(distro);
    return distro;
  }
  return undefined;
}

function isDistroFacts(value: unknown): value is DistroFacts {
  const v = value as DistroFacts | undefined;
  return typeof v === "object" && v !== null && typeof v.kind === "string" && typeof v.values === "object";
}

function fromOsRelease(f: DistroFacts): Found | undefined {
  const v = f.values;
  const id = v.ID?.toLowerCase();
  if (!id) return undefined;
  const out: Found = { id };
  if (v.VERSION_ID) out.versionId = v.VERSION_ID;
  const codename = v.VERSION_CODENAME || v.UBUNTU_CODENAME || /\(([^)]+)\)/.exec(v.VERSION ?? "")?.[1];
  if (codename) out.codename = codename;
  if (v.PRETTY_NAME) out.prettyName = v.PRETTY_NAME;
  const idLike = v.ID_LIKE?.split(/\s+/).filter(Boolean);
  if (idLike?.length) out.idLike = idLike;
  return out;
}

function fromLsbRelease(f: DistroFacts): Found | undefined {
  const v = f.values;
  const id = v.DISTRIB_ID?.toLowerCase().replace(/\s+/g, "");
  if (!id) return undefined;
  const out: Found = { id };
  if (v.DISTRIB_RELEASE) out.versionId = v.DISTRIB_RELEASE;
  if (v.DISTRIB_CODENAME) out.codename = v.DISTRIB_CODENAME;
  if (v.DISTRIB_DESCRIPTION) out.prettyName = v.DISTRIB_DESCRIPTION;
  return out;
}

function fromAlpineRelease(f: DistroFacts): Found | undefined {
  const version = f.values.text?.trim();
  if (!version || !/^\d/.test(version)) return undefined;
  return { id: "alpine", versionId: version };
}

function fromDebianVersion(f: DistroFacts): Found | undefined {
  const text = f.values.text?.trim();
  if (!text) return undefined;
  // `12.5` on a release; `trixie/sid` on testing and unstable.
  if (/^\d+(\.\d+)*$/.test(text)) return { id: "debian", versionId: text };
  const codename = text.split("/")[0];
  return codename && /^[a-z]+$/.test(codename) ? { id: "debian", codename } : { id: "debian" };
}

function fromReleaseLine(f: DistroFacts): Found | undefined {
  const parsed = f.values.text ? parseReleaseLine(f.values.text) : undefined;
  if (!parsed) return undefined;
  const out: Found = { id: parsed.id, prettyName: parsed.prettyName };
  if (parsed.versionId) out.versionId = parsed.versionId;
  if (parsed.codename) out.codename = parsed.codename;
  return out;
}
