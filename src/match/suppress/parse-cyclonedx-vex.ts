import type { Diagnostic } from "../../model/index.js";
import { diagnostic } from "../../model/index.js";
import type { VexProduct, VexStatement, VexStatus } from "./suppression-types.js";
import { asRecord, type Fail, optionalText } from "./vex-json.js";

/** CycloneDX analysis states mapped onto OpenVEX statuses (CycloneDX 1.4–1.6 `impactAnalysisState`). */
const stateToStatus: Record<string, VexStatus> = {
  not_affected: "not_affected",
  false_positive: "not_affected",
  resolved: "fixed",
  resolved_with_pedigree: "fixed",
  exploitable: "affected",
  in_triage: "under_investigation",
};

/**
 * Reads the `vulnerabilities` of a CycloneDX JSON document as VEX statements: the id and the
 * ids in `references` as aliases, `analysis.state` (not_affected, false_positive, resolved,
 * resolved_with_pedigree suppress), justification and detail, and `affects[].ref` resolved to
 * a purl through the document's components (by bom-ref, nested components included), a BOM-Link
 * (`urn:cdx:serial/version#ref`) or a purl written as the ref. `affects[].versions` entries
 * with a `version` narrow the statement to those versions; `range` entries (vers) are not
 * evaluated and are reported. A vulnerability without `analysis` is not a VEX statement and is
 * skipped.
 */
export function parseCycloneDxVex(
  doc: Record<string, unknown>,
  file: string,
  fail: Fail,
): {
  statements: VexStatement[];
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const warn = (message: string) =>
    diagnostics.push(diagnostic("vex-product-unmatchable", message, { file, source: "vex" }));
  const refs = collectBomRefs(doc);
  const metadata = doc.metadata === undefined ? {} : asRecord(doc.metadata, "metadata", fail);
  const docTimestamp = optionalText(metadata.timestamp, "metadata.timestamp", fail);
  const vulnerabilities = doc.vulnerabilities ?? [];
  if (!Array.isArray(vulnerabilities)) return fail('"vulnerabilities" must be a list');
  const statements: VexStatement[] = [];
  vulnerabilities.forEach((raw, i) => {
    const index = i + 1;
    const where = `vulnerabilities[${i}]`;
    const v = asRecord(raw, where, fail);
    const id = optionalText(v.id, `${where}.id`, fail);
    if (!id) fail(`${where}.id is required`);
    if (v.analysis === undefined) return;
    const analysis = asRecord(v.analysis, `${where}.analysis`, fail);
    const state = optionalText(analysis.state, `${where}.analysis.state`, fail);
    if (!state) return;
    const status = stateToStatus[state];
    if (!status) fail(`${where}.analysis.state ${JSON.stringify(state)} is not a CycloneDX analysis state`);
    const aliases = readReferenceIds(v.references, where, fail);
    const products = readAffects(v.affects, where, refs, fail, (m) => warn(`${where} (${id}): ${m}`));
    if (products.length === 0)
      warn(`${where} (${id}): no affected component resolves to a purl; it suppresses nothing`);
    const justification =
      state === "false_positive"
        ? "false_positive"
        : optionalText(analysis.justification, `${where}.analysis.justification`, fail);
    const detail = optionalText(analysis.detail, `${where}.analysis.detail`, fail);
    const timestamp =
      optionalText(analysis.lastUpdated, `${where}.analysis.lastUpdated`, fail) ??
      optionalText(analysis.firstIssued, `${where}.analysis.firstIssued`, fail) ??
      optionalText(v.updated, `${where}.updated`, fail) ??
      optionalText(v.published, `${where}.published`, fail) ??
      docTimestamp;
    const bomRef = optionalText(v["bom-ref"], `${where}.bom-ref`, fail);
    statements.push({
      file,
      format: "cyclonedx",
      index,
      vulnerability: { id: id!, aliases },
      products,
      status: status!,
      ...(bomRef ? { id: bomRef } : {}),
      ...(justification ? { justification } : {}),
      ...(detail ? { detail } : {}),
      ...(timestamp ? { timestamp } : {}),
    });
  });
  return { statements, diagnostics };
}

function readReferenceIds(raw: unknown, where: string, fail: Fail): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return fail(`${where}.references must be a list`);
  return raw.flatMap(
    (r, i) =>
      optionalText(asRecord(r, `${where}.references[${i}]`, fail).id, `${where}.references[${i}].id`, fail) ??
      [],
  );
}

function readAffects(
  raw: unknown,
  where: string,
  refs: Map<string, string>,
  fail: Fail,
  warn: (m: string) => void,
): VexProduct[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return fail(`${where}.affects must be a list`);
  return raw.flatMap((a, i): VexProduct[] => {
    const affect = asRecord(a, `${where}.affects[${i}]`, fail);
    const ref = optionalText(affect.ref, `${where}.affects[${i}].ref`, fail);
    if (!ref) return fail(`${where}.affects[${i}].ref is required`);
    const purl = resolveRef(ref, refs);
    if (!purl) {
      warn(`affects ref ${JSON.stringify(ref)} names no component with a purl`);
      return [];
    }
    if (affect.versions === undefined) return [{ purl, subcomponents: [] }];
    if (!Array.isArray(affect.versions)) return fail(`${where}.affects[${i}].versions must be a list`);
    return affect.versions.flatMap((entry, j): VexProduct[] => {
      const e = asRecord(entry, `${where}.affects[${i}].versions[${j}]`, fail);
      const version = optionalText(e.version, `${where}.affects[${i}].versions[${j}].version`, fail);
      if (!version) {
        warn(`version ranges (${JSON.stringify(e.range ?? null)}) are not evaluated; give single versions`);
        return [];
      }
      return [{ purl: withVersion(purl, version), subcomponents: [] }];
    });
  });
}

/** bom-ref → purl for every component (nested ones too) and the metadata component. */
function collectBomRefs(doc: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (c: unknown) => {
    if (typeof c !== "object" || c === null) return;
    const rec = c as Record<string, unknown>;
    if (typeof rec["bom-ref"] === "string" && typeof rec.purl === "string") out.set(rec["bom-ref"], rec.purl);
    if (Array.isArray(rec.components)) rec.components.forEach(visit);
  };
  const metadata = doc.metadata as Record<string, unknown> | undefined;
  visit(metadata?.component);
  if (Array.isArray(doc.components)) doc.components.forEach(visit);
  return out;
}

function resolveRef(ref: string, refs: Map<string, string>): string | undefined {
  const local = refs.get(ref);
  if (local) return local;
  if (ref.startsWith("pkg:")) return ref;
  // BOM-Link to an element of another BOM: urn:cdx:<serial>/<version>#<url-encoded bom-ref>
  const hash = ref.startsWith("urn:cdx:") ? ref.indexOf("#") : -1;
  if (hash < 0) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(hash + 1));
  } catch {
    return undefined;
  }
  return refs.get(fragment) ?? (fragment.startsWith("pkg:") ? fragment : undefined);
}

/** The purl with its version replaced by `version` (qualifiers and subpath kept). */
function withVersion(purl: string, version: string): string {
  const cut = purl.search(/[?#]/);
  const head = cut < 0 ? purl : purl.slice(0, cut);
  const tail = cut < 0 ? "" : purl.slice(cut);
  const at = head.lastIndexOf("@");
  const slash = head.lastIndexOf("/");
  const base = at > slash ? head.slice(0, at) : head;
  return `${base}@${encodeURIComponent(version)}${tail}`;
}
