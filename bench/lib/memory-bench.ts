import { join } from "node:path";
import type { BenchImage } from "../images.js";
import { type BenchContext, scratchDir } from "./context.js";
import { runDrydock } from "./drydock.js";
import { measure } from "./measure.js";
import { type ResultRow, type RunFigures, toFigures, toSeries } from "./results.js";

/**
 * Peak RSS of reading every layer (issue 2's flat-memory item), on each image given (at
 * least two sizes show whether memory grows with the image): `drydock image inspect
 * --verify` (every digest checked, every layer through the layered filesystem) and
 * bench/fs-walk.ts (stream, squash and walk the whole filesystem).
 */
export async function benchLayerMemory(
  ctx: BenchContext,
  image: BenchImage,
  runs: number,
): Promise<ResultRow[]> {
  const rows: ResultRow[] = [];
  if (ctx.cli.commands.has("image inspect")) {
    const figures: RunFigures[] = [];
    let problem: string | undefined;
    for (let i = 0; i < runs; i++) {
      ctx.log(`  ${image.name}: image inspect --verify ${i + 1}/${runs}`);
      const dir = scratchDir(ctx, "inspect");
      const m = await runDrydock(
        ctx.cli,
        [
          "image",
          "inspect",
          image.file,
          "--verify",
          "--format",
          "json",
          "--output",
          join(dir, "inspect.json"),
        ],
        { cacheDir: dir },
      );
      if (m.exitCode !== 0) problem = `exit ${m.exitCode}: ${m.stderr.trim().slice(-200)}`;
      figures.push(toFigures(m));
    }
    rows.push({
      section: "inspect-verify",
      what: "image inspect --verify (every layer streamed and checked)",
      image: image.name,
      drydock: toSeries(figures),
      note: problem ? `failed: ${problem}` : "",
    });
  }
  const figures: RunFigures[] = [];
  let summary = "";
  let problem: string | undefined;
  for (let i = 0; i < runs; i++) {
    ctx.log(`  ${image.name}: full filesystem walk ${i + 1}/${runs}`);
    const m = await measure(
      process.execPath,
      ["--import", "tsx", join(ctx.repo, "bench", "fs-walk.ts"), image.file],
      {
        env: process.env,
        cwd: ctx.repo,
      },
    );
    if (m.exitCode !== 0) problem = `exit ${m.exitCode}: ${m.stderr.trim().slice(-200)}`;
    summary = /view\s+(.*)/.exec(m.stdout)?.[1] ?? "";
    figures.push(toFigures(m));
  }
  rows.push({
    section: "fs-walk",
    what: "full-filesystem walk (bench/fs-walk.ts: stream, squash, walk; tsx loader included)",
    image: image.name,
    drydock: toSeries(figures),
    note: problem ? `failed: ${problem}` : summary,
  });
  return rows;
}
