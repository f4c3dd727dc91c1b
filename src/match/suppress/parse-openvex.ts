import type { Diagnostic } from "../../model/index.js";
import { diagnostic } from "../../model/index.js";
import type { VexProduct, VexStatement, VexStatus } from "./suppression-types.js";
import { asRecord, type Fail, optionalText } from "./vex-json.js";

const statuses: readonly VexStatus[] = ["not_affected", "affected", "fixed", "under_investigation"];

/**
 * Reads an OpenVEX document (https://github.com/openvex/spec, v0.0.1 string forms and v0.2.0
 * objects): each statement's vulnerability (name and aliases), products by purl (`@id` or
 * `identifiers.purl`) with their subcomponents, status, justification, impact or action
 * statement and timestamp (the statement's, else the document's). Products named only by
 * CPE or hash cannot be matched and are reported as diagnostics.
 * @param fail throws the caller's DrydockError for a malformed document.
 */
export function parseOpenVex(
  doc: Record<string, unknown>,
  file: string,
  fail: Fail,
): {
  statements: VexStatement[];
  diagnostics: Diagnostic[];
} {
  const diagnostics: Diagnostic[] = [];
  const docTimestamp = optionalText(doc.timestamp, "timestamp", fail);
  if (!Array.isArray(doc.statements)) return fail('"statements" must be a list');
  const statements = doc.statements.map((raw, i): VexStatement => {
    const index = i + 1;
    const where = `statement ${index}`;
    const s = asRecord(raw, where, fail);
    const vulnerability = readVulnerability(s.vulnerability, where, fail);
    const status = optionalText(s.status, `${where}: status`, fail);
    if (!status || !statuses.includes(status as VexStatus)) {
      fail(`${where}: status ${JSON.stringify(status ?? null)} is not one of ${statuses.join(", ")}`);
    }
    const products = readProducts(s, where, fail, (message) =>
      diagnostics.push(
        diagnostic("vex-product-unmatchable", `${where}: ${message}`, { file, source: "vex" }),
      ),
    );
    if (products.length === 0) {
      diagnostics.push(
        diagnostic(
          "vex-statement-no-product",
          `${where} (${vulnerability.id}) names no product by purl: it suppresses nothing`,
          {
            file,
            source: "vex",
          },
        ),
      );
    }
    const id = optionalText(s["@id"], `${where}: @id`, fail);
    const justification = optionalText(s.justification, `${where}: justification`, fail);
    const detail =
      optionalText(s.impact_statement, `${where}: impact_statement`, fail) ??
      optionalText(s.status_notes, `${where}: status_notes`, fail) ??
      optionalText(s.action_statement, `${where}: action_statement`, fail);
    const timestamp = optionalText(s.timestamp, `${where}: timestamp`, fail) ?? docTimestamp;
    return {
      file,
      format: "openvex",
      index,
      vulnerability,
      products,
      status: status as VexStatus,
      ...(id ? { id } : {}),
      ...(justification ? { justification } : {}),
      ...(detail ? { detail } : {}),
      ...(timestamp ? { timestamp } : {}),
    };
  });
  return { statements, diagnostics };
}

function readVulnerability(raw: unknown, where: string, fail: Fail): VexStatement["vulnerability"] {
  // v0.0.1 wrote the vulnerability as a bare id string.
  if (typeof raw === "string" && raw.trim()) return { id: raw.trim(), aliases: [] };
  const v = asRecord(raw, `${where}: vulnerability`, fail);
  const id = optionalText(v.name, `${where}: vulnerability.name`, fail);
  if (!id) return fail(`${where}: vulnerability.name is required`);
  const aliases = v.aliases === undefined ? [] : v.aliases;
  if (!Array.isArray(aliases) || !aliases.every((a) => typeof a === "string")) {
    return fail(`${where}: vulnerability.aliases must be a list of strings`);
  }
  return { id, aliases: aliases.map((a) => a.trim()).filter(Boolean) };
}

function readProducts(
  s: Record<string, unknown>,
  where: string,
  fail: Fail,
  warn: (m: string) => void,
): VexProduct[] {
  if (s.products === undefined) return [];
  if (!Array.isArray(s.products)) return fail(`${where}: products must be a list`);
  // v0.0.1 kept subcomponents beside the products, as strings.
  const sharedSubs =
    s.subcomponents === undefined
      ? []
      : componentPurls(s.subcomponents, `${where}: subcomponents`, fail, warn);
  const products: VexProduct[] = [];
  s.products.forEach((raw, i) => {
    const purl = componentPurl(raw, `${where}: products[${i}]`, fail, warn);
    if (!purl) return;
    const own =
      typeof raw === "object" && raw !== null && "subcomponents" in raw
        ? componentPurls(
            (raw as Record<string, unknown>).subcomponents,
            `${where}: products[${i}].subcomponents`,
            fail,
            warn,
          )
        : [];
    products.push({ purl, subcomponents: [...own, ...sharedSubs] });
  });
  return products;
}

function componentPurls(raw: unknown, where: string, fail: Fail, warn: (m: string) => void): string[] {
  if (!Array.isArray(raw)) return fail(`${where} must be a list`);
  return raw.flatMap((c, i) => componentPurl(c, `${where}[${i}]`, fail, warn) ?? []);
}

/** The purl of a product or subcomponent: a string, its `@id`, or `identifiers.purl`. */
function componentPurl(
  raw: unknown,
  where: string,
  fail: Fail,
  warn: (m: string) => void,
): string | undefined {
  if (typeof raw === "string") return isPurl(raw) ? raw.trim() : unmatchable(raw, warn);
  const c = asRecord(raw, where, fail);
  const id = optionalText(c["@id"], `${where}.@id`, fail);
  if (id && isPurl(id)) return id;
  const identifiers =
    c.identifiers === undefined ? {} : asRecord(c.identifiers, `${where}.identifiers`, fail);
  const purl = optionalText(identifiers.purl, `${where}.identifiers.purl`, fail);
  if (purl && isPurl(purl)) return purl;
  return unmatchable(id ?? purl ?? JSON.stringify(raw).slice(0, 80), warn);
}

function unmatchable(what: string, warn: (m: string) => void): undefined {
  warn(`product ${JSON.stringify(what)} is not a package URL; drydock matches VEX products by purl only`);
  return undefined;
}

function isPurl(s: string): boolean {
  return s.trim().startsWith("pkg:");
}
