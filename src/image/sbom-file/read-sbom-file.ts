import { readFile, stat } from "node:fs/promises";
import type { Sbom } from "../../model/index.js";
import { DrydockError, diagnostic } from "../../model/index.js";
import type { ForeignSbom } from "./foreign-sbom.js";
import { readCycloneDx } from "./read-cyclonedx.js";
import { readSpdx } from "./read-spdx.js";

/** SBOM files larger than this are refused rather than parsed (JSON is parsed whole). */
const maxSbomBytes = 512 * 1024 * 1024;

/**
 * Reads a CycloneDX or SPDX JSON SBOM (drydock's own, Trivy's or Syft's) into drydock's
 * Sbom, so a stored SBOM can be scanned without the image.
 * @throws DrydockError DRYDOCK_TARGET_NOT_FOUND, DRYDOCK_SBOM_INVALID naming the file.
 */
export async function readSbomFile(file: string, input: string): Promise<Sbom> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch {
    throw new DrydockError("DRYDOCK_TARGET_NOT_FOUND", `${input}: no such file`);
  }
  if (size > maxSbomBytes) {
    throw new DrydockError(
      "DRYDOCK_SBOM_INVALID",
      `${input}: SBOM file is ${size} bytes, over the ${maxSbomBytes} limit`,
    );
  }
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, "utf8"));
  } catch (e) {
    throw new DrydockError("DRYDOCK_SBOM_INVALID", `${input}: not valid JSON: ${(e as Error).message}`);
  }
  const foreign = readForeign(doc, input);
  const packages = foreign.packages;
  return {
    schemaVersion: "1.0.0",
    target: { input, ...foreign.target },
    ...(foreign.distro ? { distro: foreign.distro } : {}),
    layers: foreign.layers ?? [],
    packages,
    ledger: [
      {
        cataloger: `sbom-${foreign.format}-reader`,
        version: "1",
        filesSeen: 1,
        filesParsed: 1,
        packagesFound: packages.length,
        skipped: foreign.skipped.map((s) => ({ file: s.name, reason: s.reason })),
      },
    ],
    diagnostics: foreign.skipped.map((s) =>
      diagnostic("sbom-component-skipped", `${s.name}: ${s.reason}`, { file: input, source: "sbom-file" }),
    ),
    generator: { name: foreign.tool ?? "unknown", version: "" },
    created: new Date().toISOString(),
  };
}

function readForeign(doc: unknown, input: string): ForeignSbom {
  if (doc && typeof doc === "object") {
    const o = doc as Record<string, unknown>;
    if (o.bomFormat === "CycloneDX") return readCycloneDx(o, input);
    if (typeof o.spdxVersion === "string") return readSpdx(o, input);
  }
  throw new DrydockError(
    "DRYDOCK_SBOM_INVALID",
    `${input}: not a CycloneDX or SPDX JSON document (no bomFormat or spdxVersion)`,
  );
}
