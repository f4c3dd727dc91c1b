import type { Distro } from "../../model/index.js";

/** Debian release numbers by codename, for images whose os-release lacks VERSION_ID. */
const debianCodenames: Readonly<Record<string, string>> = {
  jessie: "8",
  stretch: "9",
  buster: "10",
  bullseye: "11",
  bookworm: "12",
  trixie: "13",
  forky: "14",
};

const majorOnly = new Set(["debian", "rhel", "centos", "rocky", "almalinux", "ol", "fedora"]);
const majorMinor = new Set(["ubuntu", "alpine", "azurelinux", "mariner", "sles", "opensuse-leap"]);
const rolling = new Set(["wolfi", "chainguard", "arch", "opensuse-tumbleweed"]);

/**
 * The key distro advisories are stored under: `<id>:<release>`, with the release at the
 * granularity the vendor's feed uses — major for Debian and the Red Hat family
 * (`debian:12`, `rocky:9`), major.minor for Ubuntu, Alpine and Azure Linux
 * (`ubuntu:22.04`, `alpine:3.18`, `azurelinux:3.0`), as written for Amazon Linux
 * (`amzn:2`, `amzn:2023`, `amzn:2018.03`), `rolling` for rolling distros, `edge` for
 * Alpine's development branch.
 */
export function distroKey(distro: Pick<Distro, "id" | "versionId" | "codename">): string {
  const { id, versionId, codename } = distro;
  if (rolling.has(id)) return `${id}:rolling`;
  if (id === "alpine" && versionId && /_alpha|_beta|_rc|edge/.test(versionId)) return "alpine:edge";
  if (!versionId) {
    if (id === "debian" && codename) return `debian:${debianCodenames[codename] ?? codename}`;
    return `${id}:${codename ?? "unknown"}`;
  }
  const parts = versionId.split(".");
  if (majorOnly.has(id)) return `${id}:${parts[0]}`;
  if (majorMinor.has(id)) return `${id}:${parts.slice(0, 2).join(".")}`;
  if (id === "amzn") return `amzn:${/^\d{4}\.\d{2}$/.test(versionId) ? versionId : parts[0]}`;
  return `${id}:${versionId}`;
}
