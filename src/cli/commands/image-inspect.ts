import Table from "cli-table3";
import type { Command } from "commander";
import pc from "picocolors";
import type { InspectDocument, InspectLayer } from "../../app/inspect-image.js";
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

/** `sha256:0123456789ab`, as `docker history` shortens ids. */
function short(digest: string): string {
  const colon = digest.indexOf(":");
  return digest.slice(0, colon + 13);
}

function humanBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value >= 100 ? 0 : 1)} ${units[unit]}`;
}

function shortMediaType(mediaType: string): string {
  return mediaType.replace(/^application\/vnd\./, "");
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function layerNotes(layer: InspectLayer): string {
  const notes: string[] = [];
  if (layer.synthetic) notes.push("synthetic");
  if (layer.foreign) notes.push(`foreign${layer.urls?.length ? ` (${layer.urls.join(", ")})` : ""}`);
  return notes.join(" ");
}

/** The table view of the inspect document (the same facts as the JSON, digests shortened in the layer table). */
export function renderInspectTable(doc: InspectDocument, color: boolean): string {
  const c = color ? pc : { bold: (s: string) => s, dim: (s: string) => s, green: (s: string) => s };
  const rows: [string, string | string[]][] = [
    ["Image", doc.target.ref ?? "-"],
    ["Target", `${doc.target.input} (${doc.target.format})`],
    ["Digest", doc.target.digest ?? "-"],
    ["Manifest", doc.manifest.mediaType],
    ["Platform", doc.target.platform ?? "-"],
    ["Config", doc.target.configDigest ?? "-"],
    ["Created", doc.created ?? "-"],
    ["User", doc.user ?? "-"],
    ["Workdir", doc.workingDir ?? "-"],
    ["Entrypoint", doc.entrypoint ? JSON.stringify(doc.entrypoint) : "-"],
    ["Cmd", doc.cmd ? JSON.stringify(doc.cmd) : "-"],
    ["Ports", doc.exposedPorts.join(", ") || "-"],
    ["Volumes", doc.volumes.join(", ") || "-"],
    ["Env", doc.env.length ? doc.env : "-"],
    ["Labels", Object.entries(doc.labels).map(([k, v]) => `${k}=${v}`)],
  ];
  const lines: string[] = [];
  for (const [label, value] of rows) {
    const values = Array.isArray(value) ? (value.length ? value : ["-"]) : [value];
    values.forEach((v, i) => {
      lines.push(`${i === 0 ? c.bold(label.padEnd(11)) : " ".repeat(11)} ${v}`);
    });
  }
  const verify = doc.verified !== undefined;
  const head = ["#", "Digest", "DiffID", "Size", "Media type", "Created by"];
  if (verify) head.push("Files", "Bytes", "Whiteouts", "Opaque");
  const table = new Table({
    head: head.map((h) => c.bold(h)),
    style: { head: [], border: [] },
    // No rule between rows: one line per layer reads like `docker history`.
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const layer of doc.layers) {
    const notes = layerNotes(layer);
    const row = [
      String(layer.number),
      short(layer.digest),
      short(layer.diffId),
      humanBytes(layer.size),
      shortMediaType(layer.mediaType) + (notes ? `\n${notes}` : ""),
      oneLine(layer.createdBy ?? "-", 60),
    ];
    if (layer.verify) {
      row.push(
        String(layer.verify.files),
        humanBytes(layer.verify.bytes),
        String(layer.verify.whiteouts),
        String(layer.verify.opaqueDirs),
      );
    }
    table.push(row);
  }
  lines.push("", table.toString());
  if (doc.verified) {
    lines.push(
      c.green(
        `verified: ${doc.verified.layers} layers, ${humanBytes(doc.verified.compressedBytes)} read, ${humanBytes(doc.verified.tarBytes)} of tar; every digest matched`,
      ),
    );
    for (const d of doc.verified.diagnostics) lines.push(c.dim(`note: ${d.file ?? ""} ${d.message}`.trim()));
  }
  return `${lines.join("\n")}\n`;
}

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
      const text = format === "json" ? JSON.stringify(doc, null, 2) : renderInspectTable(doc, color);
      await writeOutput(text, opts.output);
      return 0;
    }),
  );
}
