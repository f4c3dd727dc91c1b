import { type ReadFeedTextOptions, readFeedText } from "../native/read-feed-text.js";
import type { OvalDefinition, OvalTables, XmlElement } from "./oval-types.js";
import {
  OvalRecordError,
  toCriteria,
  toDefinition,
  toEntity,
  toTest,
  toVariable,
} from "./parse-oval-elements.js";
import { streamXmlElements } from "./stream-xml-elements.js";

const tableSections = new Set(["tests", "objects", "states", "variables"]);

/** The first pass's result: the tables, plus problems with single entries (not fatal). */
export interface LoadedOvalTables {
  tables: OvalTables;
  problems: string[];
}

/**
 * First pass over an OVAL file: reads tests, objects, states, variables and the criteria of
 * definitions that others extend. OVAL puts `<definitions>` before all of these, so a
 * definition can only be evaluated once this pass is done; reading the file twice keeps
 * memory to these tables (small) instead of every definition (most of the file).
 *
 * @throws DrydockError DRYDOCK_FEED_UNREADABLE when the file cannot be read or parsed.
 */
export async function loadOvalTables(
  file: string,
  options: ReadFeedTextOptions = {},
): Promise<LoadedOvalTables> {
  const tables: OvalTables = {
    tests: new Map(),
    objects: new Map(),
    states: new Map(),
    variables: new Map(),
    extended: new Map(),
    generator: {},
  };
  const problems: string[] = [];
  const referenced = new Set<string>();
  const elements = streamXmlElements(
    readFeedText(file, options),
    {
      observe(name, attrs) {
        if (name === "extend_definition" && attrs.definition_ref) referenced.add(attrs.definition_ref);
      },
      capture(name, attrs, path) {
        if (path.length === 1 && name === "generator") return true;
        if (path.length === 2 && tableSections.has(path[1] ?? "")) return true;
        if (path.length === 2 && path[1] === "definitions" && name === "definition") {
          return attrs.class === "inventory" || referenced.has(attrs.id ?? "");
        }
        return false;
      },
    },
    file,
  );
  for await (const { element, path } of elements) {
    try {
      storeElement(tables, detached(element), path[1] ?? "");
    } catch (error) {
      if (!(error instanceof OvalRecordError)) throw error;
      problems.push(error.message);
    }
  }
  return { tables, problems };
}

/**
 * A copy of an element whose strings no longer point into the streamed text: the parser
 * hands out slices of each chunk, and a table entry kept for the whole import would keep its
 * chunk alive with it (a third of the tables' memory on Debian's files).
 */
function detached(element: XmlElement): XmlElement {
  const attrs: Record<string, string> = {};
  for (const [key, value] of Object.entries(element.attrs)) attrs[key] = copied(value);
  return {
    name: copied(element.name),
    attrs,
    children: element.children.map(detached),
    text: copied(element.text),
  };
}

/** V8 keeps substrings of 13 characters or more as slices of their parent; copy those. */
function copied(value: string): string {
  return value.length < 13 ? value : Buffer.from(value, "utf8").toString("utf8");
}

function storeElement(tables: OvalTables, element: XmlElement, section: string): void {
  switch (section) {
    case "tests": {
      const test = toTest(element);
      tables.tests.set(test.id, test);
      return;
    }
    case "objects": {
      const object = toEntity(element);
      tables.objects.set(object.id, object);
      return;
    }
    case "states": {
      const state = toEntity(element);
      tables.states.set(state.id, state);
      return;
    }
    case "variables": {
      const variable = toVariable(element);
      tables.variables.set(variable.id, variable);
      return;
    }
    case "definitions": {
      const id = element.attrs.id ?? "";
      const criteria = element.children.find((c) => c.name === "criteria");
      tables.extended.set(id, criteria ? toCriteria(criteria, id) : undefined);
      return;
    }
    default:
      storeGenerator(tables, element);
  }
}

function storeGenerator(tables: OvalTables, element: XmlElement): void {
  for (const field of element.children) {
    const value = field.text.trim();
    if (value === "") continue;
    if (field.name === "product_name") tables.generator.product = value;
    if (field.name === "timestamp") tables.generator.timestamp = value;
    if (field.name === "schema_version") tables.generator.schemaVersion = value;
  }
}

/** A definition read in the second pass, or the problem that kept it from being read. */
export type DefinitionOrProblem = { definition: OvalDefinition } | { problem: string; id?: string };

/**
 * Second pass: streams the `<definition>` elements one at a time and stops reading at
 * `</definitions>`.
 *
 * @throws DrydockError DRYDOCK_FEED_UNREADABLE when the file cannot be read or parsed.
 */
export async function* streamOvalDefinitions(
  file: string,
  options: ReadFeedTextOptions = {},
): AsyncGenerator<DefinitionOrProblem> {
  const elements = streamXmlElements(
    readFeedText(file, options),
    {
      capture: (name, _attrs, path) =>
        path.length === 2 && path[1] === "definitions" && name === "definition",
      stopAfter: (name, path) => name === "definitions" && path.length === 1,
    },
    file,
  );
  for await (const { element } of elements) {
    try {
      yield { definition: toDefinition(element) };
    } catch (error) {
      if (!(error instanceof OvalRecordError)) throw error;
      yield { problem: error.message, ...(element.attrs.id ? { id: element.attrs.id } : {}) };
    }
  }
}
