import type { Command } from "commander";
import { isSbomFormat, sbomFormatNames } from "../../report/format-names.js";
import { defaultFormat, writeOutput } from "../output.js";
import { createLayerProgress } from "../progress.js";
import { addRegistryOptions, type RegistryFlags, readRegistryOptions } from "../registry-options.js";
import { action, debugLog, usageError } from "../run-command.js";

interface SbomOptions extends RegistryFlags {
  format?: string;
  output?: string;
  platform?: string;
  layerCache?: boolean;
  maxFileSize?: string;
}

/** `drydock sbom TARGET`: catalog an image and print its SBOM. */
export function registerSbomCommand(program: Command): void {
  const command = program
    .command("sbom")
    .description("list every package in an image (an SBOM)")
    .argument(
      "<target>",
      "image: docker-archive:FILE, oci-dir:DIR, oci-archive:FILE, dir:ROOTFS, sbom:FILE or a path",
    )
    .option("-f, --format <format>", `output format: ${sbomFormatNames.join(", ")}`)
    .option("-o, --output <file>", "write to a file instead of stdout")
    .option("--platform <os/arch[/variant]>", "image to choose from a multi-platform index")
    .option("--no-layer-cache", "read every layer, neither using nor filling the layer cache")
    .option("--max-file-size <bytes>", "largest file any cataloger reads (default 512 MiB)");
  addRegistryOptions(command).action(
    action(async (target: string, opts: SbomOptions) => {
      const format = opts.format ?? defaultFormat();
      if (!isSbomFormat(format)) {
        throw usageError(`--format ${format}: unknown format (choose from ${sbomFormatNames.join(", ")})`);
      }
      const maxFileSize = opts.maxFileSize === undefined ? undefined : Number(opts.maxFileSize);
      if (maxFileSize !== undefined && !(Number.isInteger(maxFileSize) && maxFileSize > 0)) {
        throw usageError(`--max-file-size ${opts.maxFileSize}: not a positive whole number of bytes`);
      }
      const registry = await readRegistryOptions(opts);
      const progress = await createLayerProgress();
      const { catalogImage } = await import("../../app/catalog-image.js");
      const sbom = await catalogImage(target, {
        ...(opts.platform ? { platform: opts.platform } : {}),
        ...(opts.layerCache === false ? { layerCache: false as const } : {}),
        ...(maxFileSize ? { maxFileSize } : {}),
        ...(registry ? { registry } : {}),
        onEvent: (event, fields) => debugLog(event, fields),
        onLayerDone: progress.onLayerDone,
      });
      progress.stop();
      debugLog("sbom done", { packages: sbom.packages.length, ...sbom.stats });
      const color = format === "table" && Boolean(process.stdout.isTTY) && !opts.output;
      const { loadSbomFormatter } = await import("../../report/sbom/load-sbom-formatter.js");
      const formatter = await loadSbomFormatter(format);
      await writeOutput(formatter(sbom, { color }), opts.output);
      return 0;
    }),
  );
}
