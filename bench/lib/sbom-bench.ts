import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { BenchImage } from "../images.js";
import { type BenchContext, scratchDir } from "./context.js";
import { runDrydock } from "./drydock.js";
import { type Measurement, measure } from "./measure.js";
import { type ResultRow, type RunFigures, round, toFigures, toSeries } from "./results.js";
import { makeTrivyCache, trivySbomArgs } from "./trivy.js";

/** Components with a purl in a CycloneDX document (what both tools call packages). */
function countComponents(file: string): number | undefined {
  try {
    const doc = JSON.parse(readFileSync(file, "utf8")) as { components?: { purl?: string }[] };
    return (doc.components ?? []).filter((c) => c.purl).length;
  } catch {
    return undefined;
  }
}

function failure(tool: string, image: string, m: Measurement): string {
  const why = (m.stderr.trim().split("\n").pop() ?? "").slice(0, 300);
  return `${tool} failed on ${image} (exit ${m.exitCode}): ${why}`;
}

/**
 * drydock `sbom` cold (a fresh, empty cache folder per run) against Trivy's CycloneDX SBOM
 * (a fresh cache with the empty Java DB per run), then both warm (every layer result cached),
 * in alternation: run i does drydock then Trivy for even i, Trivy then drydock for odd i, so
 * neither tool always runs in the other's wake.
 */
export async function benchSbom(ctx: BenchContext, image: BenchImage): Promise<ResultRow[]> {
  const dir = scratchDir(ctx, `sbom-${image.name}`);
  const args = (out: string) => ["sbom", image.file, "--format", "cyclonedx-json", "--output", out];
  const cold: RunFigures[] = [];
  const warm: RunFigures[] = [];
  const trivyCold: RunFigures[] = [];
  const trivyWarm: RunFigures[] = [];
  const counts: { drydock?: number; drydockWarm?: number; trivy?: number } = {};
  const problems: string[] = [];
  const trivy = ctx.trivy.path;
  let warmCache: string | undefined;
  let trivyWarmCache: string | undefined;

  const drydockCold = async (i: number) => {
    const cacheDir = join(dir, `drydock-cache-${i}`);
    const out = join(dir, `drydock-${i}.cdx.json`);
    const m = await runDrydock(ctx.cli, args(out), { cacheDir });
    if (m.exitCode !== 0) problems.push(failure("drydock sbom", image.name, m));
    else counts.drydock = countComponents(out);
    cold.push(toFigures(m));
    if (warmCache) rmSync(warmCache, { recursive: true, force: true });
    warmCache = cacheDir; // filled: the warm runs use the last one
  };
  const trivyColdRun = async (i: number) => {
    if (!trivy) return;
    const cacheDir = join(dir, `trivy-cache-${i}`);
    makeTrivyCache(cacheDir);
    const out = join(dir, `trivy-${i}.cdx.json`);
    const m = await measure(trivy, trivySbomArgs(image.file, cacheDir, out));
    if (m.exitCode !== 0) problems.push(failure("trivy", image.name, m));
    else counts.trivy = countComponents(out);
    trivyCold.push(toFigures(m));
    if (trivyWarmCache) rmSync(trivyWarmCache, { recursive: true, force: true });
    trivyWarmCache = cacheDir;
  };
  for (let i = 0; i < ctx.runs; i++) {
    ctx.log(`  ${image.name}: cold run ${i + 1}/${ctx.runs}`);
    if (i % 2 === 0) {
      await drydockCold(i);
      await trivyColdRun(i);
    } else {
      await trivyColdRun(i);
      await drydockCold(i);
    }
  }

  const drydockWarm = async (i: number) => {
    if (!warmCache) return;
    const out = join(dir, `drydock-warm-${i}.cdx.json`);
    const m = await runDrydock(ctx.cli, args(out), { cacheDir: warmCache });
    if (m.exitCode !== 0) problems.push(failure("drydock sbom (warm)", image.name, m));
    else counts.drydockWarm = countComponents(out);
    warm.push(toFigures(m));
  };
  const trivyWarmRun = async (i: number) => {
    if (!trivy || !trivyWarmCache) return;
    const out = join(dir, `trivy-warm-${i}.cdx.json`);
    const m = await measure(trivy, trivySbomArgs(image.file, trivyWarmCache, out));
    if (m.exitCode !== 0) problems.push(failure("trivy (warm)", image.name, m));
    trivyWarm.push(toFigures(m));
  };
  for (let i = 0; i < ctx.runs; i++) {
    ctx.log(`  ${image.name}: warm run ${i + 1}/${ctx.runs}`);
    if (i % 2 === 0) {
      await drydockWarm(i);
      await trivyWarmRun(i);
    } else {
      await trivyWarmRun(i);
      await drydockWarm(i);
    }
  }
  rmSync(dir, { recursive: true, force: true });

  const coldSeries = toSeries(cold);
  const warmSeries = toSeries(warm);
  const trivyColdSeries = trivy ? toSeries(trivyCold) : undefined;
  const trivyWarmSeries = trivy ? toSeries(trivyWarm) : undefined;
  if (counts.drydockWarm !== undefined && counts.drydockWarm !== counts.drydock) {
    problems.push(
      `${image.name}: the warm SBOM has ${counts.drydockWarm} components, the cold one ${counts.drydock}`,
    );
  }
  ctx.notes.push(...problems);
  const packages = `packages: drydock ${counts.drydock ?? "?"}${trivy ? `, Trivy ${counts.trivy ?? "?"}` : ""}`;
  const mib = (image.bytes / 1024 / 1024).toFixed(image.bytes < 1024 * 1024 ? 2 : 0);
  const ratioOf = (a: number, b: number | undefined) =>
    b === undefined || !(b > 0) ? undefined : round(a / b, 2);
  const rows: ResultRow[] = [
    {
      section: "sbom-cold",
      what: "sbom, cold (empty layer cache)",
      image: `${image.name} (${mib} MiB)`,
      drydock: coldSeries,
      ...(trivyColdSeries ? { trivy: trivyColdSeries } : {}),
      ...(trivyColdSeries ? { ratio: ratioOf(coldSeries.wall.median, trivyColdSeries.wall.median) } : {}),
      figures: {
        ...(counts.drydock === undefined ? {} : { drydockPackages: counts.drydock }),
        ...(counts.trivy === undefined ? {} : { trivyPackages: counts.trivy }),
      },
      note: trivy ? packages : `${packages}; Trivy not run (see notes)`,
    },
    {
      section: "sbom-warm",
      what: "sbom, warm (every layer cached)",
      image: image.name,
      drydock: warmSeries,
      ...(trivyWarmSeries ? { trivy: trivyWarmSeries } : {}),
      ...(trivyWarmSeries ? { ratio: ratioOf(warmSeries.wall.median, trivyWarmSeries.wall.median) } : {}),
      figures: { warmOverCold: round(warmSeries.wall.median / coldSeries.wall.median, 3) },
      note: `${Math.round((100 * warmSeries.wall.median) / coldSeries.wall.median)}% of drydock's cold time`,
    },
  ];
  if (!existsSync(image.file)) ctx.notes.push(`${image.file} vanished during the run`);
  return rows;
}
