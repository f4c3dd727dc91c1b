/**
 * The parts of an OVAL 5.x definitions document drydock reads, as plain data.
 * Spec: https://oval.mitre.org/language/version5.11/ (oval-definitions-schema, the linux,
 * unix and independent component schemas). Element names are local names: namespace prefixes
 * (`red-def:`, `linux:`, `ind-def:`) are dropped, as every family's element names are distinct
 * among the ones used here.
 */

/** One element of a captured subtree. `text` is the element's own character data. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** `<reference source ref_id ref_url>` of a definition's metadata. */
export interface OvalReference {
  source: string;
  id: string;
  url?: string;
}

/** One `<cve>` of a vendor `<advisory>` block (Red Hat, Ubuntu). Attributes are kept raw. */
export interface OvalAdvisoryCve {
  id: string;
  href?: string;
  attrs: Record<string, string>;
}

/** The vendor `<advisory>` block (Red Hat, Rocky, Ubuntu) plus Debian's `<debian>` block. */
export interface OvalVendorMetadata {
  severity?: string;
  issued?: string;
  updated?: string;
  cves: OvalAdvisoryCve[];
  bugzillas: { id?: string; href?: string; title?: string }[];
  cpes: string[];
  /** Debian: `<debian><dsa>`, `<date>`, `<moreinfo>`. */
  dsa?: string;
  date?: string;
  moreinfo?: string;
}

/** A criteria tree node, as OVAL writes it (`negate` on every kind). */
export type CriteriaNode =
  | {
      kind: "criteria";
      operator: "AND" | "OR" | "ONE" | "XOR";
      negate: boolean;
      comment?: string;
      children: CriteriaNode[];
    }
  | { kind: "criterion"; testRef: string; negate: boolean; comment?: string }
  | {
      kind: "extend";
      definitionRef: string;
      negate: boolean;
      comment?: string;
      applicabilityCheck: boolean;
    };

export interface OvalDefinition {
  id: string;
  class: string;
  version?: string;
  title?: string;
  description?: string;
  platforms: string[];
  products: string[];
  references: OvalReference[];
  vendor: OvalVendorMetadata;
  /** Leaf elements of `<metadata>` not read above (Azure Linux `patchable`, `advisory_date`, ...). */
  extras: Record<string, string>;
  criteria?: CriteriaNode;
}

/** A child element of an object or state: `<evr operation="less than">0:1.2-3</evr>`. */
export interface OvalField {
  name: string;
  value: string;
  operation?: string;
  datatype?: string;
  varRef?: string;
  varCheck?: string;
  /** Set when the element has child elements (object `<set>`, `<filter>`, `<behaviors>`). */
  nested: boolean;
}

/** A test: which object it looks at and which states the object's items must satisfy. */
export interface OvalTest {
  id: string;
  /** Local element name: `dpkginfo_test`, `rpminfo_test`, `textfilecontent54_test`, ... */
  kind: string;
  /** `all` | `at least one` | `none satisfy` | `only one` (schema default `all`). */
  check: string;
  /** `at_least_one_exists` (default) | `none_exist` | `any_exist` | `all_exist` | `only_one_exists`. */
  checkExistence: string;
  stateOperator: string;
  objectRef?: string;
  stateRefs: string[];
  comment?: string;
}

/** An object or a state: its kind and its field elements. */
export interface OvalEntity {
  id: string;
  kind: string;
  comment?: string;
  fields: OvalField[];
}

export interface OvalVariable {
  id: string;
  kind: string;
  datatype?: string;
  comment?: string;
  /** The values of a `constant_variable`; undefined for computed (local/external) variables. */
  values?: string[];
}

/** Everything a definition's criteria can point at, read in a first pass over the file. */
export interface OvalTables {
  tests: Map<string, OvalTest>;
  objects: Map<string, OvalEntity>;
  states: Map<string, OvalEntity>;
  variables: Map<string, OvalVariable>;
  /** Criteria of definitions other definitions extend (inventory definitions, mostly). */
  extended: Map<string, CriteriaNode | undefined>;
  generator: { product?: string; timestamp?: string; schemaVersion?: string };
}
