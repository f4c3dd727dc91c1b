import type { MachineFacts } from "./machine.js";
import { type Measurement, type Spread, spread } from "./measure.js";

/** One measured run, reduced to what the report keeps. */
export interface RunFigures {
  wallSeconds: number;
  /** Peak RSS in MiB (-1 when unknown). */
  rssMiB: number;
  /** User + system CPU seconds (-1 when unknown). */
  cpuSeconds: number;
  exitCode: number;
}

/** Several runs of one command: every run plus median / min / max. */
export interface Series {
  runs: RunFigures[];
  wall: Spread;
  rssMiB: Spread;
  cpu: Spread;
}

export type SectionId =
  | "sbom-cold"
  | "sbom-warm"
  | "scan-cold"
  | "scan-warm"
  | "db-import"
  | "match"
  | "concurrent"
  | "inspect-verify"
  | "fs-walk"
  | "extra";

/** One line of the table. */
export interface ResultRow {
  section: SectionId;
  what: string;
  image?: string;
  drydock?: Series;
  /** The peer's figures for the same work, when there is one (Trivy). */
  trivy?: Series;
  /** drydock median wall / Trivy median wall. */
  ratio?: number;
  /** Figures other than time and memory (DB size, package counts, ...). */
  figures?: Record<string, number | string | boolean>;
  note?: string;
}

export interface TargetCheck {
  target: string;
  measured: string;
  /** undefined: not measured in this run. */
  met: boolean | undefined;
}

export interface BenchReport {
  schemaVersion: 1;
  machine: MachineFacts;
  options: { runs: number; images: string[] };
  rows: ResultRow[];
  targets: TargetCheck[];
  notes: string[];
  /** Output of the other bench scripts (issue must-show items), verbatim tails. */
  extras: { name: string; command: string; exitCode: number; output: string }[];
  finishedAt: string;
}

export function toFigures(m: Measurement): RunFigures {
  return {
    wallSeconds: round(m.wallSeconds, 3),
    rssMiB: m.maxRssKiB < 0 ? -1 : round(m.maxRssKiB / 1024, 1),
    cpuSeconds: m.userSeconds < 0 ? -1 : round(m.userSeconds + m.systemSeconds, 2),
    exitCode: m.exitCode,
  };
}

export function toSeries(runs: RunFigures[]): Series {
  const known = (xs: number[]) => xs.filter((x) => x >= 0);
  return {
    runs,
    wall: spread(runs.map((r) => r.wallSeconds)),
    rssMiB: spread(known(runs.map((r) => r.rssMiB))),
    cpu: spread(known(runs.map((r) => r.cpuSeconds))),
  };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

const seconds = (x: number): string =>
  Number.isNaN(x) ? "–" : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);

function wallCell(s: Series | undefined): string {
  if (s === undefined || s.wall.n === 0) return "–";
  if (s.wall.n === 1) return `${seconds(s.wall.median)}`;
  return `${seconds(s.wall.median)} (${seconds(s.wall.min)}–${seconds(s.wall.max)})`;
}

function rssCell(s: Series | undefined): string {
  if (s === undefined || s.rssMiB.n === 0) return "–";
  if (s.rssMiB.n === 1) return s.rssMiB.median.toFixed(0);
  return `${s.rssMiB.median.toFixed(0)} (max ${s.rssMiB.max.toFixed(0)})`;
}

function cpuCell(s: Series | undefined): string {
  return s === undefined || s.cpu.n === 0 ? "–" : seconds(s.cpu.median);
}

const escapeCell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The one table: every row, figures first, then what they are compared with. */
export function renderTable(rows: ResultRow[]): string {
  const head =
    "| measurement | image | drydock wall s, median (min–max) | drydock CPU s | drydock peak RSS MiB | Trivy wall s, median (min–max) | Trivy peak RSS MiB | drydock / Trivy | note |\n" +
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |";
  const lines = rows.map((r) =>
    [
      r.what,
      r.image ?? "",
      wallCell(r.drydock),
      cpuCell(r.drydock),
      rssCell(r.drydock),
      wallCell(r.trivy),
      rssCell(r.trivy),
      r.ratio === undefined || Number.isNaN(r.ratio) ? "" : r.ratio.toFixed(2),
      escapeCell(r.note ?? ""),
    ].join(" | "),
  );
  return [head, ...lines.map((l) => `| ${l} |`)].join("\n");
}

export function renderTargets(targets: TargetCheck[]): string {
  const mark = (m: boolean | undefined) => (m === undefined ? "not measured" : m ? "met" : "**not met**");
  return [
    "| target (issue 7) | measured | |",
    "| --- | --- | --- |",
    ...targets.map((t) => `| ${escapeCell(t.target)} | ${escapeCell(t.measured)} | ${mark(t.met)} |`),
  ].join("\n");
}

export function renderMachine(m: MachineFacts): string {
  const load = (l: number[] | undefined) => (l ? l.join(" / ") : "?");
  return [
    `- machine: ${m.cpuModel}, ${m.cores} cores, ${m.memoryGiB} GiB memory (${m.freeMemoryGiB} GiB free at start), ${m.os}`,
    `- Node ${m.node}; commit \`${m.commit.slice(0, 12)}\`${m.dirty ? " with uncommitted changes" : ""}; run ${m.startedAt}`,
    `- load average (1 / 5 / 15 min) at start ${load(m.loadAtStart)}, at end ${load(m.loadAtEnd)}: ` +
      "the machine is shared, so absolute times move with other work; the two tools ran in alternation under the same conditions, which is what the ratios rely on",
  ].join("\n");
}

/** The whole markdown section: table, targets, machine, notes, other scripts' output. */
export function renderReport(report: BenchReport): string {
  const parts = [
    renderTable(report.rows),
    "",
    renderTargets(report.targets),
    "",
    renderMachine(report.machine),
    `- runs per measurement: ${report.options.runs} (cold and warm, drydock and Trivy alternating); images: ${report.options.images.join(", ") || "none"}`,
  ];
  if (report.notes.length > 0) {
    parts.push("", "Notes:", "", ...report.notes.map((n) => `- ${n}`));
  }
  for (const extra of report.extras) {
    parts.push(
      "",
      `<details><summary><code>${extra.command}</code> (exit ${extra.exitCode})</summary>`,
      "",
      "```",
      extra.output.trimEnd(),
      "```",
      "",
      "</details>",
    );
  }
  return parts.join("\n");
}
