/**
 * Builds the advisory database from the whole of ../shared/vulndata and prints the import
 * time, the database size and peak RSS, then the peak RSS of importing the largest OVAL
 * file on its own (the streaming parsers must keep it flat).
 *
 *   node --import tsx bench/db-import.ts [VULNDATA_DIR]
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { measure } from "./lib/measure.js";

const repoRoot = resolve(fileURLToPath(new URL("..", import.meta.url)));
const vulndata = resolve(process.argv[2] ?? join(repoRoot, "../shared/vulndata"));
const cli = join(repoRoot, "src/cli/main.ts");

function drydock(args: string[]) {
  return measure(process.execPath, ["--import", "tsx", cli, ...args], { ...process.env, CI: "true" });
}

function largestOval(dir: string): string | undefined {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/oval/i.test(full) && /\.xml(\.bz2)?$/.test(e.name)) files.push(full);
    }
  };
  walk(dir);
  // Compare uncompressed-ish sizes: bzip2 shrinks OVAL about 18x.
  const weight = (f: string) => statSync(f).size * (f.endsWith(".bz2") ? 18 : 1);
  return files.sort((a, b) => weight(b) - weight(a))[0];
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const rss = (kib: number) => (kib < 0 ? "n/a (/usr/bin/time missing)" : mib(kib * 1024));

async function main(): Promise<void> {
  if (!existsSync(join(vulndata, "SOURCES.md"))) {
    console.error(`bench db-import: ${vulndata} is not a shared/vulndata folder`);
    process.exitCode = 2;
    return;
  }
  const manifest = join(vulndata, "MANIFEST.sha256");
  const dataset = existsSync(manifest)
    ? createHash("sha256").update(readFileSync(manifest)).digest("hex").slice(0, 16)
    : "unknown";
  const dir = mkdtempSync(join(tmpdir(), "drydock-bench-db-"));
  try {
    const db = join(dir, "advisories.db");
    const full = await drydock(["db", "import", vulndata, "--db", db, "--fresh"]);
    if (full.exitCode !== 0) throw new Error(`import failed (exit ${full.exitCode}): ${full.stderr.trim()}`);
    const status = await drydock(["db", "status", "--format", "json", "--db", db]);
    const meta = JSON.parse(status.stdout) as { providers: { id: string; records: number }[] };
    const records = meta.providers.reduce((n, p) => n + p.records, 0);
    console.log(`dataset      ${vulndata} (MANIFEST.sha256 ${dataset}; commits per source in SOURCES.md)`);
    console.log(
      `import       ${full.wallSeconds.toFixed(1)} s for ${meta.providers.length} providers, ${records} records`,
    );
    console.log(`database     ${mib(statSync(db).size)}`);
    console.log(`peak RSS     ${rss(full.maxRssKiB)}`);

    const oval = largestOval(vulndata);
    if (!oval) {
      console.log("largest OVAL none found");
      return;
    }
    const one = await drydock(["db", "import", oval, "--db", join(dir, "oval.db"), "--fresh"]);
    const name = relative(vulndata, oval);
    if (one.exitCode !== 0) {
      console.log(
        `largest OVAL ${name}: not imported (exit ${one.exitCode}: ${one.stderr.trim().split("\n")[0]})`,
      );
      return;
    }
    console.log(`largest OVAL ${name}: ${one.wallSeconds.toFixed(1)} s, peak RSS ${rss(one.maxRssKiB)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
