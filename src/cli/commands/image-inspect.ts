import type { Command } from "commander";
import { defaultFormat, writeOutput } from "../output.js";
import { addRegistryOptions, type RegistryFlags, readRegistryOptions } from "../registry-options.js";
import { action, debugLog, usageError } from "../run-command.js";

interface InspectOptions extends RegistryFlags {
  format?: string;
  output?: string;
  platform?: string;
  verify?: boolean;
}

const formats = ["table", "json"] as const;

/** `drydock image inspect TARGET`: manifest, config and layers of an image; `--verify` reads every layer. */
export function registerImageInspectCommand(program: Command): void {
  const image =
    program.commands.find((cmd) => cmd.name() === "image") ??
    program.command("image").description("work with images: inspect");
  const inspect = image
    .command("inspect")
    .description(
      "show an image's digest, platform, config and layers (--verify reads and checks every layer)",
    )
    .argument(
      "<target>",
      "image: docker-archive:FILE[@N|:tag], oci-dir:DIR[:ref], oci-archive:FILE[:ref], dir:ROOTFS or a path",
    )
    .option(
      "-f, --format <format>",
      `output format: ${formats.join(", ")} (default: table on a terminal, else json)`,
    )
    .option("-o, --output <file>", "write to a file instead of stdout")
    .option("--platform <os/arch[/variant]>", "image to choose from a multi-platform index")
    .option(
      "--verify",
      "stream every layer through the layered filesystem: all digests, limits and refusal rules",
    );
  addRegistryOptions(inspect).action(
    action(async (target: string, opts: InspectOptions) => {
      const format = opts.format ?? defaultFormat();
      if (!(formats as readonly string[]).includes(format)) {
        throw usageError(`--format ${format}: unknown format (choose from ${formats.join(", ")})`);
      }
      const registry = await readRegistryOptions(opts);
      const { inspectImage } = await import("../../app/inspect-image.js");
      const doc = await inspectImage(target, {
        ...(registry ? { registry } : {}),
        ...(opts.platform ? { platform: opts.platform } : {}),
        verify: Boolean(opts.verify),
        onEvent: (event, fields) => debugLog(event, fields),
      });
      const color = format === "table" && Boolean(process.stdout.isTTY) && !opts.output;
      // The table renderer (cli-table3) loads only for the table format.
      const text =
        format === "json"
          ? JSON.stringify(doc, null, 2)
          : (await import("./image-inspect-table.js")).renderInspectTable(doc, color);
      await writeOutput(text, opts.output);
      return 0;
    }),
  );
}
