import { createRequire } from "node:module";
import type * as Enums from "@cyclonedx/cyclonedx-library/Enums";
import type * as Models from "@cyclonedx/cyclonedx-library/Models";
import type * as Serialize from "@cyclonedx/cyclonedx-library/Serialize";
import type * as Spec from "@cyclonedx/cyclonedx-library/Spec";
import type * as Types from "@cyclonedx/cyclonedx-library/Types";

/** The parts of the CycloneDX library drydock writes documents with (never its Validation part, which loads ajv). */
export interface CycloneDxLibrary {
  Enums: typeof Enums;
  Models: typeof Models;
  Serialize: typeof Serialize;
  Spec: typeof Spec;
  Types: typeof Types;
}

const require = createRequire(import.meta.url);
let library: CycloneDxLibrary | undefined;

/**
 * The CycloneDX library, loaded on first use: some eighty CommonJS modules that only the
 * CycloneDX formats need, so a run writing another format (scan JSON, whose formatter
 * registry also lists CycloneDX) never loads them. Loaded from the package's subpath
 * exports, synchronously (CommonJS), so the formatters stay synchronous.
 */
export function cycloneDx(): CycloneDxLibrary {
  library ??= {
    Enums: require("@cyclonedx/cyclonedx-library/Enums"),
    Models: require("@cyclonedx/cyclonedx-library/Models"),
    Serialize: require("@cyclonedx/cyclonedx-library/Serialize"),
    Spec: require("@cyclonedx/cyclonedx-library/Spec"),
    Types: require("@cyclonedx/cyclonedx-library/Types"),
  };
  return library;
}
