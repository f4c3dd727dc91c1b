import type { KevEntry } from "../../model/index.js";

/** Field names of the CISA KEV catalog (JSON keys and CSV header). */
type KevFields = Partial<
  Record<
    | "cveID"
    | "vendorProject"
    | "product"
    | "vulnerabilityName"
    | "dateAdded"
    | "dueDate"
    | "knownRansomwareCampaignUse"
    | "requiredAction",
    unknown
  >
>;

/**
 * Builds a KevEntry from one catalog entry (a JSON object or a CSV row keyed by header).
 * Returns a reason string when the entry has no CVE id or no dateAdded.
 */
export function toKevEntry(raw: KevFields): KevEntry | string {
  const cve = typeof raw.cveID === "string" ? raw.cveID.trim().toUpperCase() : "";
  if (!/^CVE-\d{4}-\d{4,}$/.test(cve)) return `cveID ${JSON.stringify(raw.cveID)} is not a CVE id`;
  const dateAdded = typeof raw.dateAdded === "string" ? raw.dateAdded.trim() : "";
  if (!/^\d{4}-\d{2}-\d{2}/.test(dateAdded))
    return `${cve}: dateAdded ${JSON.stringify(raw.dateAdded)} is not a date`;
  const entry: KevEntry = { cve, dateAdded };
  const text = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? v.trim() : undefined);
  const set = <K extends keyof KevEntry>(k: K, v: KevEntry[K] | undefined) => {
    if (v !== undefined) entry[k] = v;
  };
  set("vendorProject", text(raw.vendorProject));
  set("product", text(raw.product));
  set("name", text(raw.vulnerabilityName));
  set("dueDate", text(raw.dueDate));
  set("knownRansomwareCampaignUse", text(raw.knownRansomwareCampaignUse));
  set("requiredAction", text(raw.requiredAction));
  return entry;
}
