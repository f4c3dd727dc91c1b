import type {
  CriteriaNode,
  OvalDefinition,
  OvalEntity,
  OvalField,
  OvalTest,
  OvalVariable,
  OvalVendorMetadata,
  XmlElement,
} from "./oval-types.js";

/** A definition, test, object, state or variable that cannot be read: one record's problem. */
export class OvalRecordError extends Error {
  override readonly name = "OvalRecordError";
}

const metadataRead = new Set(["title", "description", "affected", "reference", "advisory", "debian"]);

/** Reads a `<definition>` element. @throws OvalRecordError when it has no id or a broken criteria tree. */
export function toDefinition(element: XmlElement): OvalDefinition {
  const id = requireId(element, "definition");
  const metadata = child(element, "metadata");
  const affected = metadata ? children(metadata, "affected") : [];
  const extras: Record<string, string> = {};
  for (const leaf of metadata?.children ?? []) {
    if (!metadataRead.has(leaf.name) && leaf.children.length === 0 && leaf.text.trim() !== "") {
      extras[leaf.name] = leaf.text.trim();
    }
  }
  const criteria = child(element, "criteria");
  const definition: OvalDefinition = {
    id,
    class: element.attrs.class ?? "",
    platforms: affected.flatMap((a) => children(a, "platform").map(textOf)).filter(nonEmpty),
    products: affected.flatMap((a) => children(a, "product").map(textOf)).filter(nonEmpty),
    references: (metadata ? children(metadata, "reference") : [])
      .map((r) => ({
        source: r.attrs.source ?? "",
        id: (r.attrs.ref_id ?? "").trim(),
        ...optional("url", r.attrs.ref_url),
      }))
      .filter((r) => r.id !== ""),
    vendor: toVendorMetadata(metadata),
    extras,
  };
  assign(definition, "version", element.attrs.version);
  assign(definition, "title", metadata ? textOf(child(metadata, "title")) : undefined);
  assign(definition, "description", metadata ? textOf(child(metadata, "description")) : undefined);
  if (criteria) definition.criteria = toCriteria(criteria, id);
  return definition;
}

function toVendorMetadata(metadata: XmlElement | undefined): OvalVendorMetadata {
  const vendor: OvalVendorMetadata = { cves: [], bugzillas: [], cpes: [] };
  const advisory = metadata ? child(metadata, "advisory") : undefined;
  if (advisory) {
    assign(vendor, "severity", textOf(child(advisory, "severity")));
    assign(vendor, "issued", child(advisory, "issued")?.attrs.date);
    assign(vendor, "updated", child(advisory, "updated")?.attrs.date);
    vendor.cves = children(advisory, "cve")
      .map((c) => ({ id: textOf(c) ?? "", attrs: c.attrs, ...optional("href", c.attrs.href) }))
      .filter((c) => c.id !== "");
    vendor.bugzillas = children(advisory, "bugzilla").map((b) => ({
      ...optional("id", b.attrs.id),
      ...optional("href", b.attrs.href),
      ...optional("title", textOf(b)),
    }));
    const cpeList = child(advisory, "affected_cpe_list");
    vendor.cpes = (cpeList ? children(cpeList, "cpe") : []).map(textOf).filter(nonEmpty);
  }
  const debian = metadata ? child(metadata, "debian") : undefined;
  if (debian) {
    assign(vendor, "dsa", textOf(child(debian, "dsa")));
    assign(vendor, "date", textOf(child(debian, "date")));
    assign(vendor, "moreinfo", textOf(child(debian, "moreinfo")));
  }
  if (metadata && vendor.severity === undefined)
    assign(vendor, "severity", textOf(child(metadata, "severity")));
  return vendor;
}

/** Deeper criteria trees are refused: vendors nest a handful of levels, a hostile file thousands. */
const maxCriteriaDepth = 64;

/** Reads a criteria tree. @throws OvalRecordError on an unknown node, a missing reference or absurd nesting. */
export function toCriteria(element: XmlElement, where: string, depth = 0): CriteriaNode {
  if (depth > maxCriteriaDepth)
    throw new OvalRecordError(`${where}: criteria nested deeper than ${maxCriteriaDepth} levels`);
  const negate = element.attrs.negate === "true";
  const comment = element.attrs.comment;
  switch (element.name) {
    case "criteria": {
      const operator = (element.attrs.operator ?? "AND").toUpperCase();
      if (operator !== "AND" && operator !== "OR" && operator !== "ONE" && operator !== "XOR") {
        throw new OvalRecordError(`${where}: unknown criteria operator "${operator}"`);
      }
      return {
        kind: "criteria",
        operator,
        negate,
        ...optional("comment", comment),
        children: element.children.map((c) => toCriteria(c, where, depth + 1)),
      };
    }
    case "criterion": {
      const testRef = element.attrs.test_ref;
      if (!testRef) throw new OvalRecordError(`${where}: a criterion has no test_ref`);
      return { kind: "criterion", testRef, negate, ...optional("comment", comment) };
    }
    case "extend_definition": {
      const definitionRef = element.attrs.definition_ref;
      if (!definitionRef) throw new OvalRecordError(`${where}: an extend_definition has no definition_ref`);
      return {
        kind: "extend",
        definitionRef,
        negate,
        applicabilityCheck: element.attrs.applicability_check === "true",
        ...optional("comment", comment),
      };
    }
    default:
      throw new OvalRecordError(`${where}: unexpected <${element.name}> in a criteria tree`);
  }
}

/** Reads a `*_test` element. */
export function toTest(element: XmlElement): OvalTest {
  const id = requireId(element, "test");
  const object = child(element, "object");
  const test: OvalTest = {
    id,
    kind: element.name,
    check: element.attrs.check ?? "all",
    checkExistence: element.attrs.check_existence ?? "at_least_one_exists",
    stateOperator: (element.attrs.state_operator ?? "AND").toUpperCase(),
    stateRefs: children(element, "state")
      .map((s) => s.attrs.state_ref ?? "")
      .filter(nonEmpty),
  };
  assign(test, "objectRef", object?.attrs.object_ref);
  assign(test, "comment", element.attrs.comment);
  return test;
}

/** Reads a `*_object` or `*_state` element. */
export function toEntity(element: XmlElement): OvalEntity {
  const entity: OvalEntity = {
    id: requireId(element, element.name),
    kind: element.name,
    fields: element.children.map(toField),
  };
  assign(entity, "comment", element.attrs.comment);
  return entity;
}

function toField(element: XmlElement): OvalField {
  const field: OvalField = {
    name: element.name,
    value: element.text.trim(),
    nested: element.children.length > 0,
  };
  assign(field, "operation", element.attrs.operation);
  assign(field, "datatype", element.attrs.datatype);
  assign(field, "varRef", element.attrs.var_ref);
  assign(field, "varCheck", element.attrs.var_check);
  return field;
}

/** Reads a `*_variable` element; only constant variables carry values we can use. */
export function toVariable(element: XmlElement): OvalVariable {
  const variable: OvalVariable = { id: requireId(element, "variable"), kind: element.name };
  assign(variable, "datatype", element.attrs.datatype);
  assign(variable, "comment", element.attrs.comment);
  if (element.name === "constant_variable")
    variable.values = children(element, "value").map((v) => v.text.trim());
  return variable;
}

function requireId(element: XmlElement, what: string): string {
  const id = element.attrs.id?.trim();
  if (!id) throw new OvalRecordError(`a <${element.name}> ${what} has no id`);
  return id;
}

function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((c) => c.name === name);
}

function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((c) => c.name === name);
}

function textOf(element: XmlElement | undefined): string | undefined {
  const text = element?.text.trim();
  return text === undefined || text === "" ? undefined : text;
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== "";
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined || value === "" ? {} : { [key]: value }) as { [P in K]?: string };
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined && value !== "") target[key] = value;
}
