import Table from "cli-table3";
import pc from "picocolors";
import type { InspectDocument, InspectLayer } from "../../app/inspect-image.js";

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
