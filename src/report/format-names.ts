/**
 * The `--format` ids of every report kind, kept apart from the formatters themselves so the
 * CLI can list and check them without loading the formatting code (and its libraries). Each
 * registry is typed `satisfies Record<...Format, ...>`, so a name without a formatter, or a
 * formatter without a name, does not compile.
 */
export const sbomFormatNames = ["table", "json", "cyclonedx-json", "spdx-json"] as const;
export const scanFormatNames = ["table", "json", "sarif", "cyclonedx-json", "html", "junit"] as const;
export const explainFormatNames = ["text", "json"] as const;

export type SbomFormat = (typeof sbomFormatNames)[number];
export type ScanFormat = (typeof scanFormatNames)[number];
export type ExplainFormat = (typeof explainFormatNames)[number];

export function isSbomFormat(f: string): f is SbomFormat {
  return (sbomFormatNames as readonly string[]).includes(f);
}

export function isScanFormat(f: string): f is ScanFormat {
  return (scanFormatNames as readonly string[]).includes(f);
}

export function isExplainFormat(f: string): f is ExplainFormat {
  return (explainFormatNames as readonly string[]).includes(f);
}
