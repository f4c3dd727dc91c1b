import type { Command } from "commander";
import { ExitCode } from "../../model/index.js";
import { explainFormatNames, isExplainFormat } from "../../report/format-names.js";
import { writeOutput } from "../output.js";
import { addRegistryOptions, type RegistryFlags, readRegistryOptions } from "../registry-options.js";
import { action, usageError } from "../run-command.js";

interface ExplainFlags extends RegistryFlags {
  db?: string;
  format?: string;
  output?: string;
  includeOsOwned?: boolean;
  onlyFixed?: boolean;
  platform?: string;
  layerCache?: boolean;
  vex?: string[];
  ignoreFile?: string;
}

/** `drydock explain TARGET ID`: why a vulnerability is, or is not, reported for an image. */
export function registerExplainCommand(program: Command): void {
  const command = program
    .command("explain")
    .description("tell why a vulnerability is or is not reported for an image")
    .argument("<target>", "image or sbom:FILE, as for scan")
    .argument("<id>", "vulnerability id or alias (CVE-..., GHSA-..., PYSEC-..., GO-..., RLSA-...)")
    .option("--db <file>", "advisory database (default: $DRYDOCK_DB, else advisories.db in the cache dir)")
    .option("-f, --format <format>", `output format: ${explainFormatNames.join(", ")} (default text)`)
    .option("-o, --output <file>", "write to a file instead of stdout")
    .option("--include-os-owned", "explain as a scan with --include-os-owned would match")
    .option("--only-fixed", "explain as a scan with --only-fixed would report")
    .option("--platform <os/arch[/variant]>", "image to choose from a multi-platform index")
    .option("--no-layer-cache", "read every layer, neither using nor filling the layer cache")
    .option(
      "--vex <file>",
      "OpenVEX or CycloneDX VEX document, as for scan: say which statement suppresses the id (repeatable)",
      (file: string, previous: string[] = []) => [...previous, file],
    )
    .option(
      "--ignore-file <file>",
      "ignore rules, as for scan (default: .drydock-ignore.yaml in the working directory, if present)",
    );
  addRegistryOptions(command).action(
    action(async (target: string, id: string, opts: ExplainFlags) => {
      const format = opts.format ?? "text";
      if (!isExplainFormat(format)) {
        throw usageError(`--format ${format}: unknown format (choose from ${explainFormatNames.join(", ")})`);
      }
      if (id.trim() === "") throw usageError("the vulnerability id is empty");
      const registry = await readRegistryOptions(opts);
      const { explainVulnerability } = await import("../../app/explain.js");
      const explanation = await explainVulnerability(target, id, {
        ...(opts.db ? { db: opts.db } : {}),
        ...(opts.platform ? { platform: opts.platform } : {}),
        ...(opts.layerCache === false ? { layerCache: false as const } : {}),
        ...(registry ? { registry } : {}),
        includeOsOwned: Boolean(opts.includeOsOwned),
        onlyFixed: Boolean(opts.onlyFixed),
        // Read before the image, as scan does, so a malformed ignore file or VEX fails fast (exit 2).
        suppression: {
          cwd: process.cwd(),
          ...(opts.vex ? { vexFiles: opts.vex } : {}),
          ...(opts.ignoreFile ? { ignoreFile: opts.ignoreFile } : {}),
        },
      });
      const color = format === "text" && Boolean(process.stdout.isTTY) && !opts.output;
      const { explainFormatters } = await import("../../report/scan/index.js");
      await writeOutput(explainFormatters[format](explanation, { color }), opts.output);
      return ExitCode.ok;
    }),
  );
}
