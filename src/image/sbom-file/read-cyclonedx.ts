import type { Distro, OwnerRef, Package, PackageType } from "../../model/index.js";
import { DrydockError, stablePackageId } from "../../model/index.js";
import { type ForeignSbom, location } from "./foreign-sbom.js";
import { parsePurl } from "./purl-package.js";

type Json = Record<string, unknown>;

/** Reads CycloneDX JSON (1.4 to 1.6) from drydock, Trivy or Syft. */
export function readCycloneDx(doc: Json, input: string): ForeignSbom {
  const metadata = (doc.metadata ?? {}) as Json;
  const tool = toolName(metadata);
  const imageComp = (metadata.component ?? {}) as Json;
  const imageProps = props(imageComp);
  const components = flatten(Array.isArray(doc.components) ? (doc.components as Json[]) : []);
  const out: ForeignSbom = {
    format: "cyclonedx",
    ...(tool ? { tool } : {}),
    target: {},
    packages: [],
    skipped: [],
  };
  try {
    if (imageProps["drydock:image:target"])
      Object.assign(out.target, JSON.parse(imageProps["drydock:image:target"]));
    if (imageProps["drydock:image:distro"])
      out.distro = JSON.parse(imageProps["drydock:image:distro"]) as Distro;
    if (imageProps["drydock:image:layers"]) out.layers = JSON.parse(imageProps["drydock:image:layers"]);
  } catch {
    throw new DrydockError("DRYDOCK_SBOM_INVALID", `${input}: malformed drydock image properties`);
  }
  if (!out.target.ref && typeof imageComp.name === "string") out.target.ref = imageComp.name;
  if (!out.distro) {
    const os = components.find((c) => c.type === "operating-system");
    if (os && typeof os.name === "string") {
      const osProps = props(os);
      out.distro = {
        id: (osProps["syft:distro:id"] ?? os.name).toLowerCase(),
        ...(typeof os.version === "string"
          ? { versionId: osProps["syft:distro:versionID"] ?? os.version }
          : {}),
        ...(osProps["syft:distro:versionCodename"]
          ? { codename: osProps["syft:distro:versionCodename"] }
          : {}),
        ...(osProps["syft:distro:prettyName"] ? { prettyName: osProps["syft:distro:prettyName"] } : {}),
      };
    }
  }
  for (const c of components) {
    if (c.type === "operating-system" || c.type === "container") continue;
    const pkg = componentToPackage(c, tool);
    if (typeof pkg === "string")
      out.skipped.push({ name: String(c.name ?? c["bom-ref"] ?? "?"), reason: pkg });
    else out.packages.push(pkg);
  }
  return out;
}

function componentToPackage(c: Json, tool: string | undefined): Package | string {
  const p = props(c);
  const purl = typeof c.purl === "string" ? c.purl : undefined;
  const facts = parsePurl(purl);
  const name = typeof c.name === "string" ? c.name : facts?.name;
  const version = typeof c.version === "string" ? c.version : facts?.version;
  if (!name) return "component has no name";
  if (!version) return "component has no version";
  const type = (p["drydock:package:type"] ??
    (facts && facts.type !== "generic" ? facts.type : undefined) ??
    typeFromSyft(p["syft:package:type"]) ??
    typeFromTrivy(p["aquasecurity:trivy:PkgType"]) ??
    "generic") as PackageType;
  const locations = [];
  for (let i = 0; p[`drydock:location:${i}:path`]; i++) {
    locations.push(...location(p[`drydock:location:${i}:path`], p[`drydock:location:${i}:layer`]));
  }
  if (!locations.length) {
    locations.push(
      ...location(
        p["syft:location:0:path"] ?? p["aquasecurity:trivy:FilePath"],
        p["syft:location:0:layerID"] ?? p["aquasecurity:trivy:LayerDiffID"],
      ),
    );
  }
  const sourceName =
    p["drydock:package:source:name"] ??
    p["aquasecurity:trivy:SrcName"] ??
    upstreamName(facts?.qualifiers.upstream);
  const sourceVersion =
    p["drydock:package:source:version"] ?? trivySrcVersion(p) ?? upstreamVersion(facts?.qualifiers.upstream);
  const pkg: Package = {
    id: "",
    name,
    version,
    type,
    purl: purl ?? "",
    locations,
    foundBy: p["drydock:package:foundBy"] ?? p["syft:package:foundBy"] ?? `${tool ?? "unknown"}-sbom`,
    licenses: licenses(c),
    ...(sourceName
      ? { source: { name: sourceName, ...(sourceVersion ? { version: sourceVersion } : {}) } }
      : {}),
  };
  if (p["drydock:package:distro"]) pkg.distro = p["drydock:package:distro"];
  if (p["drydock:package:ownedBy"]) pkg.ownedBy = JSON.parse(p["drydock:package:ownedBy"]) as OwnerRef;
  if (p["drydock:package:confidence"]) pkg.confidence = p["drydock:package:confidence"] as "low" | "high";
  if (p["drydock:package:metadata"]) pkg.metadata = JSON.parse(p["drydock:package:metadata"]);
  // Trivy names the layer of OS packages but not the database file they came from.
  const layerOnly = p["aquasecurity:trivy:LayerDiffID"] ?? p["syft:location:0:layerID"];
  if (!locations.length && layerOnly) pkg.metadata = { ...pkg.metadata, layer: layerOnly };
  pkg.id = p["drydock:package:id"] ?? stablePackageId(pkg);
  return pkg;
}

function toolName(metadata: Json): string | undefined {
  const tools = metadata.tools as unknown;
  if (Array.isArray(tools)) return (tools[0] as Json | undefined)?.name as string | undefined;
  const comps = (tools as Json | undefined)?.components;
  if (Array.isArray(comps)) return (comps[0] as Json | undefined)?.name as string | undefined;
  return undefined;
}

function props(c: Json): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(c.properties)) {
    for (const p of c.properties as Json[]) {
      if (typeof p.name === "string" && typeof p.value === "string" && !(p.name in out))
        out[p.name] = p.value;
    }
  }
  return out;
}

function flatten(components: Json[]): Json[] {
  const out: Json[] = [];
  const walk = (list: Json[], depth: number): void => {
    if (depth > 32) return;
    for (const c of list) {
      if (!c || typeof c !== "object") continue;
      out.push(c);
      if (Array.isArray(c.components)) walk(c.components as Json[], depth + 1);
    }
  };
  walk(components, 0);
  return out;
}

function licenses(c: Json): string[] {
  const out: string[] = [];
  if (!Array.isArray(c.licenses)) return out;
  for (const l of c.licenses as Json[]) {
    if (typeof l.expression === "string") out.push(l.expression);
    const lic = l.license as Json | undefined;
    if (lic && typeof lic.id === "string") out.push(lic.id);
    else if (lic && typeof lic.name === "string") out.push(lic.name);
  }
  return out;
}

/** Syft's package types that differ from purl types. */
const syftTypes: Record<string, PackageType> = {
  python: "pypi",
  "java-archive": "maven",
  "jenkins-plugin": "maven",
  "go-module": "golang",
  "rust-crate": "cargo",
  "php-composer": "composer",
  dotnet: "nuget",
  gem: "gem",
  npm: "npm",
  deb: "deb",
  rpm: "rpm",
  apk: "apk",
};

function typeFromSyft(t: string | undefined): PackageType | undefined {
  return t === undefined ? undefined : syftTypes[t];
}

function typeFromTrivy(t: string | undefined): PackageType | undefined {
  switch (t) {
    case "debian":
    case "ubuntu":
      return "deb";
    case "alpine":
      return "apk";
    case "redhat":
    case "centos":
    case "rocky":
    case "alma":
      return "rpm";
    default:
      return undefined;
  }
}

function trivySrcVersion(p: Record<string, string>): string | undefined {
  const v = p["aquasecurity:trivy:SrcVersion"];
  if (!v) return undefined;
  const r = p["aquasecurity:trivy:SrcRelease"];
  const e = p["aquasecurity:trivy:SrcEpoch"];
  return `${e && e !== "0" ? `${e}:` : ""}${v}${r ? `-${r}` : ""}`;
}

/** Syft writes the source package as the purl qualifier `upstream=name@version`. */
function upstreamName(u: string | undefined): string | undefined {
  return u ? u.split("@")[0] : undefined;
}

function upstreamVersion(u: string | undefined): string | undefined {
  return u?.includes("@") ? u.slice(u.indexOf("@") + 1) : undefined;
}
