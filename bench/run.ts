/**
 * `npm run bench`: drydock's figures side by side with Trivy's, measured in one run.
 *
 *   npm run bench -- [--runs N] [--build-large] [--images a,b] [--skip SECTION,...]
 *                    [--db-runs N] [--no-docs] [--keep-tmp]
 *
 * Sections (all on by default; --skip any of them): sbom (cold vs Trivy, warm), db (db import
 * of ../shared/vulndata), scan (cold and warm), match (bench/match.ts, 1,000 and 10,000
 * packages), concurrent (four scans at once), memory (image inspect --verify and a full
 * filesystem walk on two image sizes), extras (the other bench scripts the issues ask for),
 * trivy (the peer's runs).
 *
 * Needs the quick start first (`npm ci && npm run example` builds dist/). Images come from
 * ../shared/images; image C (debian-large) from the bench cache, built with --build-large
 * (see bench/images.ts). Trivy comes from the bench cache (bench/lib/trivy.ts). Prints one
 * markdown table, writes bench/results/latest.json and rewrites the results section of
 * docs/benchmarks.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { type BenchImage, locateImages, repoRoot, sharedDir } from "./images.js";
import { benchConcurrent } from "./lib/concurrent-bench.js";
import type { BenchContext } from "./lib/context.js";
import { benchDbImport } from "./lib/db-bench.js";
import { rewriteResultsSection } from "./lib/docs.js";
import { locateDrydock } from "./lib/drydock.js";
import { benchExtras } from "./lib/extras-bench.js";
import { currentLoad, readMachineFacts } from "./lib/machine.js";
import { benchMatch } from "./lib/match-bench.js";
import { benchLayerMemory } from "./lib/memory-bench.js";
import { type BenchReport, type ResultRow, renderReport } from "./lib/results.js";
import { benchSbom } from "./lib/sbom-bench.js";
import { benchScan, scanUnavailable } from "./lib/scan-bench.js";
import { checkTargets } from "./lib/targets.js";
import { locateTrivy } from "./lib/trivy.js";

const sections = ["sbom", "db", "scan", "match", "concurrent", "memory", "extras", "trivy"] as const;
type Section = (typeof sections)[number];

function usage(message?: string): never {
  if (message) console.error(`bench: ${message}`);
  console.error(
    "usage: npm run bench -- [--runs N] [--build-large] [--images a,b] [--skip " +
      `${sections.join(",")}] [--db-runs N] [--no-docs] [--keep-tmp]`,
  );
  process.exit(2);
}

const optionSpec = {
  runs: { type: "string" },
  "build-large": { type: "boolean" },
  images: { type: "string" },
  skip: { type: "string" },
  "db-runs": { type: "string" },
  "no-docs": { type: "boolean" },
  "keep-tmp": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function parseOptions() {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof optionSpec }>>;
  try {
    parsed = parseArgs({ options: optionSpec, allowPositionals: false });
  } catch (e) {
    usage((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) usage();
  const count = (raw: string | undefined, name: string, fallback: number): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) usage(`--${name} ${raw}: a whole number ≥ 1`);
    return n;
  };
  const skip = new Set((v.skip ?? "").split(",").filter(Boolean));
  for (const s of skip) if (!sections.includes(s as Section)) usage(`--skip ${s}: unknown section`);
  return {
    runs: count(v.runs, "runs", 3),
    dbRuns: count(v["db-runs"], "db-runs", 1),
    buildLarge: Boolean(v["build-large"]) || process.env.DRYDOCK_BENCH_BUILD_LARGE === "1",
    images: (v.images ?? "").split(",").filter(Boolean),
    skip: skip as Set<Section>,
    docs: !v["no-docs"],
    keepTmp: Boolean(v["keep-tmp"]),
  };
}

async function main(): Promise<void> {
  const options = parseOptions();
  const log = (line: string) => console.error(line);
  const machine = readMachineFacts(repoRoot);
  log(`bench: ${machine.cores} cores, load ${machine.loadAtStart.join(" ")}, Node ${machine.node}`);
  const cli = locateDrydock(repoRoot);
  const located = await locateImages({ buildLarge: options.buildLarge, only: options.images, log });
  const trivy = options.skip.has("trivy") ? { note: "--skip trivy" } : locateTrivy();
  const tmp = mkdtempSync(join(tmpdir(), "drydock-bench-run-"));
  const cleanUp = () => {
    if (!options.keepTmp) rmSync(tmp, { recursive: true, force: true });
  };
  process.once("SIGINT", () => {
    cleanUp();
    process.exit(130);
  });
  const ctx: BenchContext = { repo: repoRoot, cli, trivy, runs: options.runs, tmp, notes: [], log };
  ctx.notes.push(...located.notes);
  if (!trivy.path) ctx.notes.push(`Trivy not run: ${trivy.note}`);
  const rows: ResultRow[] = [];
  const extras: BenchReport["extras"] = [];
  const images = located.images;
  const run = async (section: Section, title: string, fn: () => Promise<ResultRow[]>) => {
    if (options.skip.has(section)) return;
    log(`bench: ${title}`);
    try {
      rows.push(...(await fn()));
    } catch (e) {
      ctx.notes.push(`${title}: aborted: ${(e as Error).message}`);
    }
  };

  try {
    for (const image of images) await run("sbom", `sbom on ${image.name}`, () => benchSbom(ctx, image));
    await run("db", "db import", () => benchDbImport(ctx, join(sharedDir, "vulndata"), options.dbRuns));
    if (!options.skip.has("scan")) {
      const why = scanUnavailable(ctx);
      if (why) ctx.notes.push(`scan: not measured: ${why}`);
      else
        for (const image of images) await run("scan", `scan on ${image.name}`, () => benchScan(ctx, image));
    }
    await run("match", "matching alone", () => benchMatch(ctx));
    const app = images.find((i) => i.name === "debian-app");
    if (app) await run("concurrent", "four at once", () => benchConcurrent(ctx, app));
    const sized: BenchImage[] = images.filter((i) => i.name === "debian-app" || i.name === "debian-large");
    for (const image of sized) {
      await run("memory", `layer memory on ${image.name}`, () => benchLayerMemory(ctx, image, 1));
    }
    await run("extras", "other bench scripts", () => benchExtras(ctx, extras));
  } finally {
    cleanUp();
  }

  machine.loadAtEnd = currentLoad();
  const largest = images.at(-1)?.name;
  const report: BenchReport = {
    schemaVersion: 1,
    machine,
    options: { runs: options.runs, images: images.map((i) => i.name) },
    rows,
    targets: checkTargets(rows, largest),
    notes: ctx.notes,
    extras,
    finishedAt: new Date().toISOString(),
  };
  const markdown = renderReport(report);
  console.log(markdown);
  const resultsDir = join(repoRoot, "bench", "results");
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
  if (options.docs) rewriteResultsSection(join(repoRoot, "docs", "benchmarks.md"), markdown);
  log(`bench: wrote bench/results/latest.json${options.docs ? " and docs/benchmarks.md" : ""}`);
}

main().catch((e) => {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 1;
});
