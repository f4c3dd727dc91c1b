import { type Diagnostic, DrydockError } from "../../model/index.js";
import { parseCycloneDxVex } from "./parse-cyclonedx-vex.js";
import { parseOpenVex } from "./parse-openvex.js";
import type { VexStatement } from "./suppression-types.js";

/**
 * Parses a VEX file's text: OpenVEX (an `@context` under https://openvex.dev/ns) or CycloneDX
 * JSON (`bomFormat: "CycloneDX"`, its `vulnerabilities` with `analysis`).
 * @throws DrydockError DRYDOCK_CONFIG_INVALID naming `file` when it is not JSON, is neither
 * format, or is malformed (the first problem is named).
 */
export function parseVexDocument(
  text: string,
  file: string,
): { statements: VexStatement[]; diagnostics: Diagnostic[] } {
  const fail = (why: string): never => {
    throw new DrydockError("DRYDOCK_CONFIG_INVALID", `VEX file ${file}: ${why}`, {
      hint: "--vex takes OpenVEX (https://openvex.dev) or CycloneDX JSON with vulnerabilities[].analysis",
    });
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (e) {
    return fail(`not valid JSON (${(e as Error).message})`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return fail("not a JSON object");
  const rec = doc as Record<string, unknown>;
  const context = rec["@context"];
  if (typeof context === "string" && context.startsWith("https://openvex.dev/ns"))
    return parseOpenVex(rec, file, fail);
  if (rec.bomFormat === "CycloneDX") return parseCycloneDxVex(rec, file, fail);
  return fail(
    'neither OpenVEX (@context "https://openvex.dev/ns/...") nor CycloneDX (bomFormat "CycloneDX")',
  );
}
