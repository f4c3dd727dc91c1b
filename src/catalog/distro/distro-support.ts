import type { Distro } from "../../model/index.js";

/**
 * The date the lifecycle table below was last checked. Releases whose end of life
 * (end of the vendor's standard/regular security support; paid extended support such
 * as Ubuntu Pro, Debian ELTS or RHEL ELS is not counted) fell on or before this date
 * are reported `end-of-life`. A fixed date keeps catalogs reproducible: update the table
 * and this date together.
 *
 * Sources: https://endoflife.date (each distro's page), cross-checked with
 * https://wiki.debian.org/LTS, https://ubuntu.com/about/release-cycle,
 * https://alpinelinux.org/releases/, https://access.redhat.com/support/policy/updates/errata,
 * https://aws.amazon.com/amazon-linux-2/faqs/, https://docs.fedoraproject.org/en-US/releases/.
 */
export const supportTableDate = "2026-11-28";

interface LifecycleRow {
  /** Oldest release still supported on {@link supportTableDate} (dot-numeric compare). */
  firstSupported?: string;
  /** Newer releases that are nevertheless past their end of life (short-lived interims). */
  alsoEndOfLife?: string[];
  /** Rolling distros: every release is current. */
  rolling?: boolean;
  note: string;
}

const lifecycle: Readonly<Record<string, LifecycleRow>> = {
  debian: {
    firstSupported: "12",
    note: "11 bullseye LTS ended 2026-08-31; 12 bookworm LTS until 2028-06-30",
  },
  ubuntu: {
    firstSupported: "22.04",
    alsoEndOfLife: ["22.10", "23.04", "23.10", "24.10", "25.04", "25.10"],
    note: "20.04 standard support ended 2025-05-31; interims live nine months (25.10 ended 2026-07)",
  },
  alpine: { firstSupported: "3.22", note: "3.21 ended 2026-11-01; 3.22 until 2027-05-01" },
  rhel: { firstSupported: "8", note: "RHEL 7 maintenance ended 2024-06-30" },
  centos: {
    firstSupported: "9",
    note: "CentOS Linux 7 ended 2024-06-30, Stream 8 2024-05-31; Stream 9 until 2027-05-31",
  },
  rocky: { firstSupported: "8", note: "Rocky 8 until 2029-05-31" },
  almalinux: { firstSupported: "8", note: "AlmaLinux 8 until 2029-03-01" },
  ol: { firstSupported: "8", note: "Oracle Linux 7 premier support ended 2024-12-31" },
  fedora: { firstSupported: "43", note: "Fedora 42 ended 2026-05-13" },
  amzn: { firstSupported: "2023", note: "Amazon Linux 2018.03 ended 2023-12-31, Amazon Linux 2 2026-06-30" },
  sles: { firstSupported: "15", note: "SLES 12 SP5 general support ended 2024-10-31" },
  "opensuse-leap": { firstSupported: "16.0", note: "Leap 15.6 ended 2026-04-30" },
  mariner: { firstSupported: "3", note: "CBL-Mariner 2.0 ended 2025-07-31 (3.0 is Azure Linux)" },
  azurelinux: { firstSupported: "3.0", note: "Azure Linux 3.0 current" },
  wolfi: { rolling: true, note: "rolling" },
  chainguard: { rolling: true, note: "rolling" },
  arch: { rolling: true, note: "rolling" },
  "opensuse-tumbleweed": { rolling: true, note: "rolling" },
};

/** Ids drydock recognises (its lifecycle table); anything else is `unknown`. */
export const knownDistroIds: readonly string[] = Object.keys(lifecycle);

/**
 * Whether a release is supported, past its end of life, or not known to drydock (an id
 * outside the table, or a version that cannot be read), per the table dated
 * {@link supportTableDate}.
 */
export function supportOf(distro: Pick<Distro, "id" | "versionId">): NonNullable<Distro["support"]> {
  const row = lifecycle[distro.id];
  if (!row) return "unknown";
  if (row.rolling) return "supported";
  const version = distro.versionId;
  // Debian testing and unstable carry no VERSION_ID: they are current by definition.
  if (version === undefined) return distro.id === "debian" ? "supported" : "unknown";
  if (!/^\d+(\.\d+)*/.test(version)) return "unknown";
  // Alpine edge (VERSION_ID 3.19_alpha20231219) is the development branch.
  if (distro.id === "alpine" && /_alpha|_beta|_rc/.test(version)) return "supported";
  if (row.alsoEndOfLife?.some((v) => compareDotted(version, v) === 0)) return "end-of-life";
  if (row.firstSupported && compareDotted(version, row.firstSupported) < 0) return "end-of-life";
  return "supported";
}

/** Compares the leading dot-separated numbers of two versions (`3.18.0` vs `3.22`). */
export function compareDotted(a: string, b: string): number {
  const pa = leadingNumbers(a);
  const pb = leadingNumbers(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return 0;
}

function leadingNumbers(v: string): number[] {
  const m = /^\d+(?:\.\d+)*/.exec(v);
  return m ? m[0].split(".").map(Number) : [];
}
