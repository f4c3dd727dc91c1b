import type { OvalEntity, OvalField, OvalTables, OvalTest } from "./oval-types.js";
import { OvalRecordError } from "./parse-oval-elements.js";

/**
 * What a release-check test asserts, in OVAL's own terms; the distro mapping turns it into a
 * release (`/etc/debian_version` subexpression `12` → debian 12).
 */
export type ReleaseFact =
  | { kind: "file"; path: string; pattern?: string; value: string }
  | { kind: "package"; name?: string; namePattern?: string; versionPattern?: string };

/** One version comparison of a package test's state (`evr less than 0:1.2-3`). */
export interface VersionBound {
  operation: string;
  value: string;
  /** The state field compared: `evr` (epoch:version-release) or `version` alone. */
  field: "evr" | "version";
}

/**
 * What one test means for package-scoped affectedness. `negated` is the test's own
 * inversion (`check="none satisfy"`); criteria negation is applied on top of it.
 */
export type TestMeaning =
  | { kind: "constant"; value: boolean; reason: string }
  | { kind: "release"; fact: ReleaseFact; negated: boolean }
  | {
      kind: "package";
      manager: "dpkg" | "rpm";
      names: string[];
      bounds: VersionBound[];
      /** false for `check_existence="none_exist"`: the test asserts the package is absent. */
      present: boolean;
      negated: boolean;
      /** Comments of the object, states and name variable (Ubuntu: "Available with Ubuntu Pro"). */
      labels: string[];
      reason: string;
    }
  | { kind: "module"; stream: string; negated: boolean }
  | { kind: "opaque"; reason: string; negated: boolean };

/** Release files whose content names the installed release. */
const releaseFiles = new Set([
  "/etc/debian_version",
  "/etc/lsb-release",
  "/etc/os-release",
  "/usr/lib/os-release",
  "/etc/redhat-release",
  "/etc/rocky-release",
  "/etc/centos-release",
  "/etc/almalinux-release",
  "/etc/oracle-release",
  "/etc/system-release",
  "/etc/azurelinux-release",
  "/etc/mariner-release",
]);

/** rpm packages that carry the release itself (`redhat-release`, `rocky-release`). */
const releasePackage = /^[a-z][a-z0-9-]*-release(-(server|client|workstation|computenode|eula))?$/;

const versionOperations = new Set([
  "less than",
  "less than or equal",
  "greater than",
  "greater than or equal",
  "equals",
  "not equal",
]);

/**
 * Classifies one test the way an OVAL interpreter (OpenSCAP) would evaluate it on a system of
 * the definition's release, reduced to what a package scan can know: release checks, package
 * version tests, module-stream checks; everything else (running kernel, files, computed
 * variables) is opaque.
 *
 * @throws OvalRecordError when the test points at an object, state or variable that does not exist.
 */
export function classifyOvalTest(test: OvalTest, tables: OvalTables): TestMeaning {
  const object = test.objectRef === undefined ? undefined : tables.objects.get(test.objectRef);
  if (test.objectRef !== undefined && object === undefined) {
    throw new OvalRecordError(`test ${test.id} points at missing object ${test.objectRef}`);
  }
  const states = test.stateRefs.map((ref) => {
    const state = tables.states.get(ref);
    if (state === undefined) throw new OvalRecordError(`test ${test.id} points at missing state ${ref}`);
    return state;
  });
  const negated = test.check === "none satisfy" && states.length > 0;
  switch (test.kind) {
    case "family_test":
      return { kind: "constant", value: true, reason: "system family check" };
    case "uname_test":
      return classifyUname(states, negated);
    case "textfilecontent54_test":
    case "textfilecontent_test":
      return classifyFileContent(test, object, states, negated);
    case "rpmverifyfile_test":
      return classifyReleaseVerify(states, negated, test);
    case "rpminfo_test":
    case "dpkginfo_test":
      return classifyPackage(test, object, states, negated, tables);
    case "variable_test":
      return { kind: "opaque", reason: describe(test, "a computed-variable comparison"), negated };
    default:
      return { kind: "opaque", reason: describe(test, `a ${test.kind}`), negated };
  }
}

function classifyUname(states: OvalEntity[], negated: boolean): TestMeaning {
  const fields = states.flatMap((s) => s.fields);
  if (fields.length === 0) return { kind: "constant", value: true, reason: "any architecture" };
  const release = fields.find((f) => f.name === "os_release");
  if (release) return { kind: "opaque", reason: `the running kernel matches ${release.value}`, negated };
  const arch = fields.find((f) => f.name === "processor_type" || f.name === "machine_class");
  return { kind: "opaque", reason: `the machine architecture is ${arch?.value ?? "as stated"}`, negated };
}

function classifyFileContent(
  test: OvalTest,
  object: OvalEntity | undefined,
  states: OvalEntity[],
  negated: boolean,
): TestMeaning {
  const path = filePath(object);
  const stateFields = states.flatMap((s) => s.fields);
  const expected =
    stateFields.find((f) => f.name === "subexpression") ?? stateFields.find((f) => f.name === "text");
  const pattern = object?.fields.find((f) => f.name === "pattern")?.value;
  if (path !== undefined && releaseFiles.has(path) && expected && expected.varRef === undefined) {
    return {
      kind: "release",
      fact: { kind: "file", path, value: expected.value, ...(pattern ? { pattern } : {}) },
      negated,
    };
  }
  const module = path?.match(/^\/etc\/dnf\/modules\.d\/([^/]+)\.module$/);
  if (module?.[1]) {
    const stream =
      streamFrom(expected?.value ?? "") ?? test.comment?.match(/Module \S+?:(\S+) is enabled/)?.[1];
    if (stream !== undefined) return { kind: "module", stream: `${module[1]}:${stream}`, negated };
  }
  return { kind: "opaque", reason: describe(test, `the content of ${path ?? "a file"}`), negated };
}

/** Reads the stream out of a modules.d state pattern (`\nstream\s*=\s*18\b...`). */
function streamFrom(pattern: string): string | undefined {
  return pattern.match(/stream\\s\*=\\s\*([A-Za-z0-9_.+-]+?)(?:\\b|\\n|\[|\(|\||$)/)?.[1];
}

function filePath(object: OvalEntity | undefined): string | undefined {
  if (object === undefined) return undefined;
  const filepath = object.fields.find((f) => f.name === "filepath")?.value;
  if (filepath) return filepath;
  const dir = object.fields.find((f) => f.name === "path")?.value;
  const name = object.fields.find((f) => f.name === "filename")?.value;
  if (dir && name) return `${dir.replace(/\/+$/, "")}/${name}`;
  return undefined;
}

function classifyReleaseVerify(states: OvalEntity[], negated: boolean, test: OvalTest): TestMeaning {
  const fields = states.flatMap((s) => s.fields);
  const name = fields.find((f) => f.name === "name");
  if (name === undefined)
    return { kind: "opaque", reason: describe(test, "an rpm file verification"), negated };
  const version = fields.find((f) => f.name === "version");
  const fact: ReleaseFact = { kind: "package" };
  if (name.operation === "pattern match") fact.namePattern = name.value;
  else fact.name = name.value;
  if (version?.value)
    fact.versionPattern = version.operation === "pattern match" ? version.value : `^${version.value}$`;
  return { kind: "release", fact, negated };
}

function classifyPackage(
  test: OvalTest,
  object: OvalEntity | undefined,
  states: OvalEntity[],
  negated: boolean,
  tables: OvalTables,
): TestMeaning {
  const manager = test.kind === "dpkginfo_test" ? "dpkg" : "rpm";
  const nameField = object?.fields.find((f) => f.name === "name");
  if (object === undefined || nameField === undefined) {
    return { kind: "opaque", reason: describe(test, "a package test without a package name"), negated };
  }
  if (object.fields.some((f) => f.nested || f.name === "set" || f.name === "filter")) {
    return { kind: "opaque", reason: describe(test, "a package test over an object set or filter"), negated };
  }
  const labels = [object.comment, ...states.map((s) => s.comment)];
  const names = packageNames(nameField, tables, labels);
  if (names === undefined) {
    return {
      kind: "opaque",
      reason: describe(test, `packages named by ${nameField.operation ?? "a variable"}`),
      negated,
    };
  }
  const fields = states.flatMap((s) => s.fields);
  const versionPattern = fields.find((f) => f.name === "version" && f.operation === "pattern match");
  const firstName = names[0] ?? "";
  if (manager === "rpm" && names.length === 1 && releasePackage.test(firstName) && versionPattern) {
    return {
      kind: "release",
      fact: { kind: "package", name: firstName, versionPattern: versionPattern.value },
      negated,
    };
  }
  if (states.length > 1 && test.stateOperator !== "AND") {
    return { kind: "opaque", reason: describe(test, `states combined with ${test.stateOperator}`), negated };
  }
  const bounds: VersionBound[] = [];
  for (const field of fields) {
    if (field.name !== "evr" && field.name !== "version") continue;
    if (!versionOperations.has(field.operation ?? "equals") || field.varRef !== undefined) {
      return {
        kind: "opaque",
        reason: describe(test, `a ${field.name} ${field.operation ?? "comparison"}`),
        negated,
      };
    }
    bounds.push({ operation: field.operation ?? "equals", value: field.value, field: field.name });
  }
  return {
    kind: "package",
    manager,
    names,
    bounds,
    present: test.checkExistence !== "none_exist",
    negated,
    labels: labels.filter((l): l is string => l !== undefined && l !== ""),
    reason: describe(
      test,
      `${names.join(", ")} ${bounds.map((b) => `${b.operation} ${b.value}`).join(", ")}`,
    ),
  };
}

function packageNames(
  field: OvalField,
  tables: OvalTables,
  labels: (string | undefined)[],
): string[] | undefined {
  if (field.varRef !== undefined) {
    const variable = tables.variables.get(field.varRef);
    if (variable === undefined)
      throw new OvalRecordError(`object name points at missing variable ${field.varRef}`);
    labels.push(variable.comment);
    const values = variable.values?.filter((v) => v !== "");
    return values !== undefined && values.length > 0 ? values : undefined;
  }
  if (field.operation !== undefined && field.operation !== "equals") return undefined;
  return field.value === "" ? undefined : [field.value];
}

function describe(test: OvalTest, fallback: string): string {
  return test.comment?.trim() || fallback;
}
