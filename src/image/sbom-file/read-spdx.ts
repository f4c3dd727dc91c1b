import type { Distro, FileRef, OwnerRef, Package, PackageType } from "../../model/index.js";
import { stablePackageId } from "../../model/index.js";
import { type ForeignSbom, location } from "./foreign-sbom.js";
import { parsePurl } from "./purl-package.js";

type Json = Record<string, unknown>;

/** Reads SPDX 2.2/2.3 JSON from drydock, Trivy or Syft. */
export function readSpdx(doc: Json, _input: string): ForeignSbom {
  const creators = ((doc.creationInfo as Json | undefined)?.creators ?? []) as string[];
  const tool = creators
    .find((c) => c.startsWith("Tool:"))
    ?.slice(5)
    .trim()
    .split(/[-\s]/)[0];
  const out: ForeignSbom = {
    format: "spdx",
    ...(tool ? { tool } : {}),
    target: {},
    packages: [],
    skipped: [],
  };
  const packages = Array.isArray(doc.packages) ? (doc.packages as Json[]) : [];
  const described = new Set(Array.isArray(doc.documentDescribes) ? (doc.documentDescribes as string[]) : []);
  for (const p of packages) {
    const facts = drydockFacts(p);
    if (described.has(p.SPDXID as string) || p.primaryPackagePurpose === "CONTAINER") {
      if (facts["drydock:image:target"]) Object.assign(out.target, facts["drydock:image:target"]);
      if (facts["drydock:image:distro"]) out.distro = facts["drydock:image:distro"] as Distro;
      if (facts["drydock:image:layers"]) out.layers = facts["drydock:image:layers"] as ForeignSbom["layers"];
      if (!out.target.ref && typeof p.name === "string") out.target.ref = p.name;
      continue;
    }
    // The JSON schema spells it OPERATING_SYSTEM; the spec text and Trivy, OPERATING-SYSTEM.
    if (p.primaryPackagePurpose === "OPERATING-SYSTEM" || p.primaryPackagePurpose === "OPERATING_SYSTEM") {
      if (!out.distro && typeof p.name === "string") {
        out.distro = {
          id: p.name.toLowerCase(),
          ...(typeof p.versionInfo === "string" ? { versionId: p.versionInfo } : {}),
        };
      }
      continue;
    }
    const pkg = toPackage(p, facts, tool);
    if (typeof pkg === "string") out.skipped.push({ name: String(p.name ?? p.SPDXID ?? "?"), reason: pkg });
    else out.packages.push(pkg);
  }
  return out;
}

function toPackage(p: Json, facts: Record<string, unknown>, tool: string | undefined): Package | string {
  const refs = Array.isArray(p.externalRefs) ? (p.externalRefs as Json[]) : [];
  const purl = refs.find((r) => r.referenceType === "purl")?.referenceLocator as string | undefined;
  const parsed = parsePurl(purl);
  const name = typeof p.name === "string" ? p.name : parsed?.name;
  const version = typeof p.versionInfo === "string" ? p.versionInfo : parsed?.version;
  if (!name) return "package has no name";
  if (!version) return "package has no version";
  if (!purl && !facts["drydock:package:type"]) return "package has no purl: its ecosystem is unknown";
  const type = (facts["drydock:package:type"] as PackageType | undefined) ?? parsed?.type ?? "generic";
  const attributes = attributionTexts(p);
  const locations =
    (facts.locations as FileRef[] | undefined) ??
    location(attributes.FilePath ?? sourceInfoPath(p.sourceInfo), attributes.LayerDiffID);
  const source = (facts.source as Package["source"] | undefined) ?? builtFrom(p.sourceInfo);
  const upstream = parsed?.qualifiers.upstream;
  const pkg: Package = {
    id: "",
    name,
    version,
    type,
    purl: purl ?? "",
    locations,
    foundBy: (facts["drydock:package:foundBy"] as string | undefined) ?? `${tool ?? "unknown"}-sbom`,
    licenses: (facts.licenses as string[] | undefined) ?? declaredLicenses(p),
    ...(source
      ? { source }
      : upstream
        ? {
            source: {
              name: upstream.split("@")[0]!,
              ...(upstream.includes("@") ? { version: upstream.split("@")[1]! } : {}),
            },
          }
        : {}),
  };
  if (facts["drydock:package:distro"]) pkg.distro = facts["drydock:package:distro"] as string;
  if (facts["drydock:package:ownedBy"]) pkg.ownedBy = facts["drydock:package:ownedBy"] as OwnerRef;
  if (facts["drydock:package:confidence"])
    pkg.confidence = facts["drydock:package:confidence"] as "low" | "high";
  if (facts["drydock:package:metadata"])
    pkg.metadata = facts["drydock:package:metadata"] as Record<string, unknown>;
  // Trivy names the layer of OS packages but not the database file they came from.
  if (!locations.length && attributes.LayerDiffID)
    pkg.metadata = { ...pkg.metadata, layer: attributes.LayerDiffID };
  pkg.id = (facts["drydock:package:id"] as string | undefined) ?? stablePackageId(pkg);
  return pkg;
}

/** drydock writes its facts as one annotation whose comment is `drydock:<json>`. */
function drydockFacts(p: Json): Record<string, unknown> {
  const anns = Array.isArray(p.annotations) ? (p.annotations as Json[]) : [];
  for (const a of anns) {
    if (typeof a.comment === "string" && a.comment.startsWith("drydock:{")) {
      try {
        return JSON.parse(a.comment.slice("drydock:".length)) as Record<string, unknown>;
      } catch {
        return {};
      }
    }
  }
  return {};
}

function declaredLicenses(p: Json): string[] {
  const d = p.licenseDeclared;
  return typeof d === "string" && d !== "NOASSERTION" && d !== "NONE" ? [d] : [];
}

/** Trivy writes `Key: value` facts (`LayerDiffID`, `FilePath`, `PkgID`) as attribution texts. */
function attributionTexts(p: Json): Record<string, string> {
  const out: Record<string, string> = {};
  if (!Array.isArray(p.attributionTexts)) return out;
  for (const t of p.attributionTexts) {
    if (typeof t !== "string") continue;
    const i = t.indexOf(": ");
    if (i > 0) out[t.slice(0, i)] = t.slice(i + 2);
  }
  return out;
}

/** Trivy: `built package from: openssl 3.0.7-24.el9` names the source package. */
function builtFrom(info: unknown): Package["source"] | undefined {
  if (typeof info !== "string") return undefined;
  const m = /^built package from:\s*(\S+)(?:\s+(\S+))?/.exec(info);
  if (!m) return undefined;
  return { name: m[1]!, ...(m[2] ? { version: m[2] } : {}) };
}

/** Syft: `acquired package info from DPKG DB: /var/lib/dpkg/status`. */
function sourceInfoPath(info: unknown): string | undefined {
  if (typeof info !== "string") return undefined;
  const m = /:\s*(\/\S+)/.exec(info);
  return m?.[1];
}
