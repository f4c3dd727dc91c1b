/**
 * Finds the benchmark images: A and B are stored in ../shared/images; C (`debian-large`,
 * 1.47 GB unpacked) is recipe only and is built once into the bench cache
 * (`$DRYDOCK_BENCH_CACHE/images`, default ~/.cache/drydock-bench/images) by
 * ../shared/images/build-large.sh when asked to (`--build-large` or
 * DRYDOCK_BENCH_BUILD_LARGE=1): it needs root, mmdebstrap (../shared/images/install-deps.sh),
 * Debian's mirror, ~5 GB of scratch and about six minutes.
 *
 *   node --import tsx bench/images.ts [--build-large]    (lists what it finds)
 */
import { spawn } from "node:child_process";
import { cpSync, createWriteStream, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface BenchImage {
  /** Short name (`debian-app`). */
  name: string;
  /** A docker-archive (also an oci-archive) with gzip layers. */
  file: string;
  /** Compressed size on disk. */
  bytes: number;
  /** Where it came from. */
  origin: "shared" | "bench-cache";
}

export interface LocatedImages {
  images: BenchImage[];
  /** Why an image is missing (one line each). */
  notes: string[];
}

export const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
export const sharedDir = resolve(repoRoot, "..", "shared");
export const sharedImages = join(sharedDir, "images");
export const benchCache = resolve(
  process.env.DRYDOCK_BENCH_CACHE ?? join(homedir(), ".cache", "drydock-bench"),
);

/** Image C's archive in the bench cache. */
export const largeImagePath = join(benchCache, "images", "debian-large.tar");

/** The stored images, smallest to largest, then image C. */
const storedImages = ["alpine-synthetic", "rpm-synthetic", "debian-app"];

export interface LocateOptions {
  /** Build image C when it is missing. */
  buildLarge: boolean;
  /** Only these image names (all when empty). */
  only?: string[];
  log?: (line: string) => void;
}

export async function locateImages(options: LocateOptions): Promise<LocatedImages> {
  const log = options.log ?? ((line: string) => console.error(line));
  const wanted = (name: string) => !options.only?.length || options.only.includes(name);
  const images: BenchImage[] = [];
  const notes: string[] = [];
  for (const name of storedImages.filter(wanted)) {
    const file = join(sharedImages, `${name}.tar`);
    if (existsSync(file)) images.push({ name, file, bytes: statSync(file).size, origin: "shared" });
    else notes.push(`${name}: ${file} is missing (../shared/images beside the checkout)`);
  }
  if (!wanted("debian-large")) return { images, notes };
  if (!existsSync(largeImagePath) && options.buildLarge) {
    const why = await buildLargeImage(log);
    if (why) notes.push(`debian-large: not built: ${why}`);
  }
  if (existsSync(largeImagePath)) {
    images.push({
      name: "debian-large",
      file: largeImagePath,
      bytes: statSync(largeImagePath).size,
      origin: "bench-cache",
    });
  } else if (!options.buildLarge) {
    notes.push(
      `debian-large: skipped: ${largeImagePath} is missing; \`npm run bench -- --build-large\` (root, ~6 min, ~5 GB scratch) builds it`,
    );
  }
  return { images, notes };
}

/**
 * Runs build-large.sh into a scratch folder of the bench cache, keeps the gzip archive and
 * the truth files, and removes the rest (root filesystem, OCI layout, uncompressed archive).
 * Returns why it could not, or undefined once the image is in place.
 */
export async function buildLargeImage(log: (line: string) => void): Promise<string | undefined> {
  const recipe = join(sharedImages, "build-large.sh");
  if (!existsSync(recipe)) return `${recipe} is missing`;
  if (process.getuid?.() !== 0) return "build-large.sh needs root (mmdebstrap --mode=root, chroot)";
  if (!(await hasCommand("mmdebstrap"))) {
    return `mmdebstrap is not installed (run ${join(sharedImages, "install-deps.sh")} as root)`;
  }
  const out = join(benchCache, "images", "build");
  const logFile = join(benchCache, "images", "build-large.log");
  mkdirSync(out, { recursive: true });
  log(`building debian-large with ${recipe} (about 6 minutes; log: ${logFile})`);
  const started = Date.now();
  const code = await run("bash", [recipe, out], logFile);
  if (code !== 0) return `build-large.sh failed with exit code ${code}; see ${logFile}`;
  const built = join(out, "debian-large.tar");
  if (!existsSync(built)) return `build-large.sh wrote no ${built}; see ${logFile}`;
  renameSync(built, largeImagePath);
  const truth = join(out, "truth", "debian-large");
  if (existsSync(truth)) {
    const keep = join(benchCache, "images", "truth", "debian-large");
    rmSync(keep, { recursive: true, force: true });
    mkdirSync(join(benchCache, "images", "truth"), { recursive: true });
    cpSync(truth, keep, { recursive: true });
  }
  rmSync(out, { recursive: true, force: true });
  log(`debian-large built in ${Math.round((Date.now() - started) / 1000)} s: ${largeImagePath}`);
  return undefined;
}

function run(cmd: string, args: string[], logFile: string): Promise<number> {
  return new Promise((resolveCode) => {
    const logStream = createWriteStream(logFile);
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.pipe(logStream, { end: false });
    child.stderr.pipe(logStream, { end: false });
    child.on("error", () => resolveCode(127));
    child.on("close", (code) => {
      logStream.end();
      resolveCode(code ?? 1);
    });
  });
}

function hasCommand(name: string): Promise<boolean> {
  return new Promise((resolveFound) => {
    const child = spawn("sh", ["-c", `command -v ${name}`], { stdio: "ignore" });
    child.on("error", () => resolveFound(false));
    child.on("close", (code) => resolveFound(code === 0));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const located = await locateImages({
    buildLarge: process.argv.includes("--build-large") || process.env.DRYDOCK_BENCH_BUILD_LARGE === "1",
  });
  for (const image of located.images) {
    console.log(`${image.name}\t${(image.bytes / 1024 / 1024).toFixed(1)} MiB\t${image.file}`);
  }
  for (const note of located.notes) console.log(`note: ${note}`);
}
