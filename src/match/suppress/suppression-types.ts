import type { FixState } from "../../model/index.js";

/**
 * One rule of an ignore file (docs/ignore-file.md). Every selector that is set must match a
 * finding for the rule to suppress it; a rule without any selector is refused when loading.
 */
export interface IgnoreRule {
  /** 1-based position in the file, used in messages ("ignore rule 3"). */
  index: number;
  /** The file the rule was read from (as given, for messages and report references). */
  file: string;
  /** A vulnerability id matched against the finding's id and every alias (case-insensitive). */
  vulnerability?: string;
  package?: {
    /** A purl pattern: fields it leaves out match anything (see {@link PurlPattern}). */
    purl?: string;
    name?: string;
    version?: string;
    /** purl type (`npm`, `deb`, ...). */
    type?: string;
  };
  /** picomatch glob on the package's file paths inside the image (`/app/node_modules/**`). */
  path?: string;
  fixState?: FixState;
  reason: string;
  /** The original `expires` text, and the first instant at which the rule no longer applies. */
  expires?: { text: string; at: Date };
}

/** VEX statuses drydock reads (OpenVEX names; CycloneDX analysis states are mapped onto them). */
export type VexStatus = "not_affected" | "fixed" | "affected" | "under_investigation";

/**
 * One VEX statement, normalised from OpenVEX or CycloneDX VEX: it says `status` for
 * `vulnerability` (or any of its aliases) in each product it names.
 */
export interface VexStatement {
  /** The VEX file the statement came from. */
  file: string;
  /** `openvex` or `cyclonedx`. */
  format: "openvex" | "cyclonedx";
  /** 1-based statement (OpenVEX) or vulnerability (CycloneDX) number in the file. */
  index: number;
  /** Statement id when the document gives one (OpenVEX `@id`, CycloneDX `bom-ref`). */
  id?: string;
  vulnerability: { id: string; aliases: string[] };
  /** The products the statement covers (packages, or the image with subcomponents). */
  products: VexProduct[];
  status: VexStatus;
  /** OpenVEX justification or CycloneDX analysis justification. */
  justification?: string;
  /** OpenVEX impact_statement / action_statement, CycloneDX analysis detail. */
  detail?: string;
  /** When the statement was made (statement timestamp, else the document's). */
  timestamp?: string;
}

/** A product a VEX statement names, and the subcomponents it narrows the statement to. */
export interface VexProduct {
  /** purl of the product (a package, or the image as `pkg:oci/...`). */
  purl: string;
  /** purls of components inside the product; when present, only they are covered. */
  subcomponents: string[];
}

/** What {@link loadSuppressions} read, ready for {@link applySuppressions}. */
export interface Suppressions {
  rules: IgnoreRule[];
  vex: VexStatement[];
}
