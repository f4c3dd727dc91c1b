import type { Finding, Layer, Package, ScanResult } from "../../src/model/index.js";

/**
 * A scan result built in code for the formatter tests, shaped like a scan of the bundled
 * example image (Debian 12, npm packages in layer 1, urllib3 owned by Debian) plus what the
 * real image cannot show: a critical KEV-listed finding, an unfixed one with a vendor state,
 * findings suppressed by VEX and by an ignore rule, an expired-rule warning, and a package
 * whose name and version are hostile markup.
 */
export function sampleResult(): ScanResult {
  const layers: Layer[] = [
    layer(0, "a", "ADD rootfs.tar / # Debian 12 base"),
    layer(1, "b", "COPY app/ /app/"),
    layer(2, "c", "RUN rm -rf /app/node_modules/lodash"),
  ];
  const L0 = layers[0]!.diffId;
  const L1 = layers[1]!.diffId;
  const packages: Package[] = [
    pkg(
      "p-openssl",
      "libssl3",
      "3.0.11-1~deb12u1",
      "deb",
      "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?arch=amd64&distro=debian-12",
      "/var/lib/dpkg/status",
      L0,
    ),
    pkg(
      "p-urllib3",
      "urllib3",
      "1.26.12",
      "pypi",
      "pkg:pypi/urllib3@1.26.12",
      "/usr/lib/python3/dist-packages/urllib3-1.26.12.egg-info/PKG-INFO",
      L0,
    ),
    pkg(
      "p-express",
      "express",
      "4.17.1",
      "npm",
      "pkg:npm/express@4.17.1",
      "/app/node_modules/express/package.json",
      L1,
    ),
    pkg(
      "p-cookie",
      "cookie",
      "0.4.0",
      "npm",
      "pkg:npm/cookie@0.4.0",
      "/app/node_modules/cookie/package.json",
      L1,
    ),
    pkg(
      "p-ms",
      "ms",
      "2.1.1",
      "npm",
      "pkg:npm/ms@2.1.1",
      "/app/node_modules/send/node_modules/ms/package.json",
      L1,
    ),
    pkg(
      "p-evil",
      '<script>alert("x")</script>',
      '1.0.0"><img src=x onerror=alert(1)>',
      "npm",
      "pkg:npm/%3Cscript%3E@1.0.0",
      "/app/node_modules/<script>/package.json",
      L1,
    ),
    pkg(
      "p-tzdata",
      "tzdata",
      "2024a-0+deb12u1",
      "deb",
      "pkg:deb/debian/tzdata@2024a-0+deb12u1?arch=all&distro=debian-12",
      "/var/lib/dpkg/status",
      L0,
    ),
  ];
  const findings: Finding[] = [
    finding(packages[0]!, {
      id: "CVE-2024-5535",
      severity: "critical",
      fixed: ["3.0.14-1~deb12u1"],
      summary: "SSL_select_next_proto buffer overread",
      cvss: [
        {
          source: "nvd",
          severity: "critical",
          score: 9.1,
          cvssVersion: "3.1",
          vector: "CVS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:H".replace("CVS", "CVSS"),
        },
      ],
      kev: { dateAdded: "2024-07-01", dueDate: "2024-07-22" },
      epss: { score: 0.0213, percentile: 0.88 },
      provider: "debian-oval:bookworm",
      scheme: "dpkg",
    }),
    finding(packages[0]!, {
      id: "CVE-2023-50782",
      severity: "high",
      fixed: ["3.0.13-1~deb12u1"],
      summary: "Bleichenbacher timing oracle",
      cvss: [
        {
          source: "nvd",
          severity: "high",
          score: 7.5,
          cvssVersion: "3.1",
          vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N",
        },
      ],
      provider: "debian-oval:bookworm",
      scheme: "dpkg",
    }),
    finding(packages[1]!, {
      id: "PYSEC-2023-192",
      aliases: ["CVE-2023-43804", "GHSA-v845-jxx5-vc9f"],
      severity: "medium",
      fixed: ["2.0.6", "1.26.17"],
      summary: "Cookie HTTP header isn't stripped on cross-origin redirects",
      cvss: [
        {
          source: "ghsa",
          severity: "medium",
          score: 5.9,
          cvssVersion: "3.1",
          vector: "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N",
        },
      ],
      provider: "osv:PyPI",
      scheme: "pep440",
    }),
    finding(packages[1]!, {
      id: "PYSEC-2026-1999",
      aliases: ["CVE-2025-50181", "GHSA-pq67-6m6q-mj2v"],
      severity: "medium",
      fixed: ["2.5.0"],
      summary: "urllib3 redirects are not disabled when retries are disabled on PoolManager instantiation",
      provider: "osv:PyPI",
      scheme: "pep440",
    }),
    finding(packages[2]!, {
      id: "GHSA-rv95-896h-c2vc",
      aliases: ["CVE-2024-29041"],
      severity: "medium",
      fixed: ["4.19.2"],
      summary: "Express.js Open Redirect in malformed URLs",
      cvss: [
        {
          source: "ghsa",
          severity: "medium",
          score: 6.1,
          cvssVersion: "3.1",
          vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N",
        },
      ],
      cwes: ["CWE-1286", "CWE-601"],
      provider: "osv:npm",
      scheme: "semver",
    }),
    finding(packages[3]!, {
      id: "GHSA-pxg6-pf52-xh8x",
      aliases: ["CVE-2024-47764"],
      severity: "low",
      fixed: ["0.7.0"],
      summary: "cookie accepts cookie name, path, and domain with out of bounds characters",
      provider: "osv:npm",
      scheme: "semver",
      suppressed: {
        by: "vex",
        reference: "app.openvex.json statement 1",
        reason: "not_affected: vulnerable_code_not_in_execute_path (cookie names are constants)",
      },
    }),
    finding(packages[5]!, {
      id: "GHSA-xxxx-<b>-evil",
      severity: "high",
      fixed: ["1.0.1<script>"],
      summary: '</script><script>alert("summary")</script>',
      references: ["javascript:alert(1)", "https://example.com/advisory?a=1&b=<2>"],
      provider: "osv:npm",
      scheme: "semver",
    }),
    finding(packages[6]!, {
      id: "CVE-2023-0001",
      severity: "negligible",
      fixed: [],
      fixState: "wont-fix",
      vendorState: "will-not-fix",
      summary: "A tzdata issue the vendor will not fix",
      provider: "debian-oval:bookworm",
      scheme: "dpkg",
      suppressed: {
        by: "ignore-rule",
        reference: ".drydock-ignore.yaml rule 2",
        reason: "data only",
        expires: "2026-12-31",
      },
    }),
  ];
  return {
    schemaVersion: "1.0.0",
    sbom: {
      schemaVersion: "1.0.0",
      target: {
        input: "docker-archive:hello-image.tar",
        ref: "drydock.example/hello:1.0",
        digest: `sha256:${"d".repeat(64)}`,
        platform: "linux/amd64",
      },
      distro: {
        id: "debian",
        versionId: "12",
        codename: "bookworm",
        prettyName: "Debian GNU/Linux 12 (bookworm)",
        support: "supported",
      },
      layers,
      packages,
      ledger: [],
      diagnostics: [
        {
          code: "file-too-large",
          level: "warning",
          message: "skipped: larger than 512 MiB",
          file: "/opt/big.bin",
        },
      ],
      generator: { name: "drydock", version: "0.1.0" },
      created: "2026-03-10T08:00:00.000Z",
    },
    findings,
    db: {
      path: "/cache/advisories.db",
      schemaVersion: "1.0.0",
      built: "2026-03-07T06:00:00.000Z",
      providers: [
        {
          id: "osv:npm",
          fetchedAt: "2026-03-07T05:00:00.000Z",
          importedAt: "2026-03-07T06:00:00.000Z",
          records: 5,
        },
        {
          id: "osv:PyPI",
          fetchedAt: "2026-03-07T05:00:00.000Z",
          importedAt: "2026-03-07T06:00:00.000Z",
          records: 5,
        },
      ],
    },
    settings: { includeOsOwned: true, onlyFixed: false },
    diagnostics: [
      {
        code: "ignore-rule-expired",
        level: "warning",
        message: "ignore rule 1 for CVE-2024-29041 expired on 2026-01-31: it no longer suppresses 1 finding",
        file: ".drydock-ignore.yaml",
        source: "ignore-file",
      },
    ],
    hidden: {},
  };
}

function layer(index: number, hex: string, createdBy: string): Layer {
  return {
    index,
    digest: `sha256:${hex.repeat(63)}0`,
    diffId: `sha256:${hex.repeat(64)}`,
    mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
    compression: "gzip",
    size: 1000,
    createdBy,
  };
}

function pkg(
  id: string,
  name: string,
  version: string,
  type: Package["type"],
  purl: string,
  path: string,
  layer: Layer["diffId"],
): Package {
  return {
    id,
    name,
    version,
    type,
    purl,
    locations: [{ path, layer }],
    foundBy: `${type}-cataloger`,
    licenses: [],
  };
}

interface FindingSpec {
  id: string;
  aliases?: string[];
  severity: Finding["vulnerability"]["severity"];
  fixed: string[];
  fixState?: Finding["fix"]["state"];
  vendorState?: string;
  summary: string;
  cvss?: Finding["vulnerability"]["cvss"];
  cwes?: string[];
  kev?: Finding["vulnerability"]["kev"];
  epss?: Finding["vulnerability"]["epss"];
  references?: string[];
  provider: string;
  scheme: "dpkg" | "pep440" | "semver";
  suppressed?: Finding["suppressed"];
}

function finding(p: Package, s: FindingSpec): Finding {
  return {
    vulnerability: {
      id: s.id,
      aliases: s.aliases ?? [],
      severity: s.severity,
      severitySource: s.cvss?.[0]?.source ?? s.provider,
      cvss: s.cvss ?? [],
      summary: s.summary,
      references: (s.references ?? [`https://example.com/${s.id}`]).map((url) => ({ url })),
      published: "2024-01-15T00:00:00Z",
      ...(s.cwes ? { cwes: s.cwes } : {}),
      ...(s.kev ? { kev: s.kev } : {}),
      ...(s.epss ? { epss: s.epss } : {}),
    },
    package: {
      id: p.id,
      name: p.name,
      version: p.version,
      type: p.type,
      purl: p.purl,
      locations: p.locations,
    },
    fix: { state: s.fixState ?? (s.fixed.length ? "fixed" : "not-fixed"), versions: s.fixed },
    ...(s.vendorState ? { vendorState: s.vendorState } : {}),
    evidence: [
      {
        matcher: `${p.type}-matcher`,
        kind: "exact-direct",
        searchedBy: { ecosystem: p.type, name: p.name, version: p.version },
        found: {
          provider: s.provider,
          advisoryId: s.id,
          range: { scheme: s.scheme, introduced: "0", ...(s.fixed[0] ? { fixed: s.fixed[0] } : {}) },
          status: "affected",
        },
      },
    ],
    ...(s.suppressed ? { suppressed: s.suppressed } : {}),
  };
}
