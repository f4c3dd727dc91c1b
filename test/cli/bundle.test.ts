/**
 * The bundled CLI (scripts/bundle-cli.mjs → dist/bin/drydock.js, what `bin` and the quick
 * start run) against the CLI run from source: same outputs, same exit codes, same one-line
 * errors. The bundle is rebuilt here, so the test checks the current source.
 */
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { buildExampleImage } from "../helpers/example-image.js";

const repoRoot = resolve(fileURLToPath(new URL("../../", import.meta.url)));
const bundle = join(repoRoot, "dist", "bin", "drydock.js");
const source = join(repoRoot, "src", "cli", "main.ts");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(entry: "bundle" | "source", args: string[], cacheDir: string): Promise<Run> {
  const argv = entry === "bundle" ? [bundle, ...args] : ["--import", "tsx", source, ...args];
  return new Promise((done) => {
    execFile(
      process.execPath,
      argv,
      {
        cwd: repoRoot,
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, NO_COLOR: "1", DRYDOCK_CACHE_DIR: cacheDir },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** A JSON document without the fields that differ from run to run (creation times). */
function stable(text: string): unknown {
  return JSON.parse(text, (key, value) => (key === "created" ? undefined : value));
}

describe("bundled CLI (dist/bin/drydock.js)", () => {
  let example: ReturnType<typeof buildExampleImage>;
  let tmp: string;
  let db: string;
  let fresh = 0;
  const cacheDir = (): string => join(tmp, `cache-${fresh++}`);

  before(() => {
    execFileSync(process.execPath, [join(repoRoot, "scripts", "bundle-cli.mjs")], {
      cwd: repoRoot,
      stdio: "pipe",
    });
    example = buildExampleImage();
    tmp = mkdtempSync(join(tmpdir(), "drydock-bundle-"));
    db = join(tmp, "example.db");
    execFileSync(
      process.execPath,
      [bundle, "db", "import", "examples/feeds/osv", "examples/feeds/epss", "--db", db],
      { cwd: repoRoot, stdio: "pipe", env: { ...process.env, DRYDOCK_CACHE_DIR: cacheDir() } },
    );
  });
  after(() => {
    example?.cleanup();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it("prints the package's version", async () => {
    const r = await run("bundle", ["--version"], cacheDir());
    assert.equal(r.code, 0);
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
    assert.equal(r.stdout.trim(), pkg.version);
  });

  it("writes the same SBOM as the source CLI", async () => {
    const [a, b] = await Promise.all([
      run("bundle", ["sbom", example.file, "--format", "json"], cacheDir()),
      run("source", ["sbom", example.file, "--format", "json"], cacheDir()),
    ]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual(stable(a.stdout), stable(b.stdout));
    assert.ok((stable(a.stdout) as { packages: unknown[] }).packages.length > 0);
  });

  it("writes a CycloneDX SBOM (the library is loaded from node_modules at run time)", async () => {
    const r = await run("bundle", ["sbom", example.file, "--format", "cyclonedx-json"], cacheDir());
    assert.equal(r.code, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { bomFormat: string; components: unknown[] };
    assert.equal(doc.bomFormat, "CycloneDX");
    assert.ok(doc.components.length > 0);
  });

  it("reports the same scan, with the same exit code under --fail-on", async () => {
    const args = ["scan", example.file, "--db", db, "--format", "json", "--fail-on", "low"];
    const [a, b] = await Promise.all([run("bundle", args, cacheDir()), run("source", args, cacheDir())]);
    assert.equal(a.code, b.code);
    assert.equal(a.code, 1, "the example image has findings at or above low");
    assert.deepEqual(stable(a.stdout), stable(b.stdout));
  });

  it("fails on a missing target with the same one-line error and exit code", async () => {
    const missing = join(tmp, "no-such-image.tar");
    const [a, b] = await Promise.all([
      run("bundle", ["sbom", missing], cacheDir()),
      run("source", ["sbom", missing], cacheDir()),
    ]);
    assert.equal(a.code, 3);
    assert.equal(a.code, b.code);
    assert.equal(a.stderr, b.stderr);
    assert.match(a.stderr, /^drydock: .*no-such-image\.tar/);
    assert.doesNotMatch(a.stderr, /\n\s+at /, "no stack trace");
  });
});
