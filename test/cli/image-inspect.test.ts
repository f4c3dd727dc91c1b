/**
 * `drydock image inspect` end to end: the real CLI in a child process, exit codes and the
 * one-line error contract (DESIGN.md section 4).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { InspectDocument } from "../../src/app/inspect-image.js";
import { makeDockerArchive, makeOciLayout, sampleLayers } from "../helpers/make-image.js";

const repoRoot = resolve(fileURLToPath(new URL("../../", import.meta.url)));
const images = resolve(repoRoot, "../shared/images");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function drydock(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", join(repoRoot, "src/cli/main.ts"), ...args],
      { cwd: repoRoot, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

/** The error contract: `drydock: <message>` on one line, at most a `hint:` line after, no stack. */
function assertOneLineError(run: Run, exit: number, pattern: RegExp, options: { hint?: boolean } = {}): void {
  assert.equal(run.code, exit, `exit code (stderr: ${run.stderr})`);
  const lines = run.stderr.trimEnd().split("\n");
  assert.match(lines[0] ?? "", /^drydock: /);
  assert.match(lines[0] ?? "", pattern);
  if (options.hint) {
    assert.equal(lines.length, 2, run.stderr);
    assert.match(lines[1] ?? "", /^hint: /);
  } else {
    assert.equal(lines.length, 1, `exactly one line on stderr, got:\n${run.stderr}`);
  }
  assert.ok(!/\n\s+at /.test(run.stderr), "no stack trace");
  assert.equal(run.stdout, "", "nothing on stdout");
}

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-cli-inspect-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("drydock image inspect", () => {
  it("prints the json document of a docker-archive (json when piped)", async () => {
    const file = join(dir, "app.tar");
    const { images: built } = await makeDockerArchive(file, sampleLayers(), {});
    const run = await drydock("image", "inspect", file);
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as InspectDocument;
    assert.equal(doc.target.format, "docker-archive");
    assert.equal(doc.target.configDigest, built[0]!.configDigest);
    assert.deepEqual(
      doc.layers.map((l) => l.diffId),
      built[0]!.layers.map((l) => l.diffId),
    );
  });

  it("prints a table with --format table, a dir: layer marked synthetic, --verify counts", async () => {
    const root = join(dir, "rootfs");
    await mkdir(join(root, "etc"), { recursive: true });
    await writeFile(join(root, "etc/os-release"), "ID=test\n");
    const run = await drydock("image", "inspect", `dir:${root}`, "--format", "table", "--verify");
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /synthetic/);
    assert.match(run.stdout, /Files/);
    assert.match(run.stdout, /verified: 1 layers/);
  });

  it("exits 3 with both digests when --verify meets a tampered layer", async () => {
    const layout = join(dir, "tampered");
    let expected = "";
    await makeOciLayout(layout, sampleLayers("none"), {
      mutate: (files, built) => {
        const layer = built[0]!.layers[0]!;
        expected = layer.digest;
        const bytes = Buffer.from(layer.blob);
        bytes[1030] = (bytes[1030] ?? 0) ^ 1;
        files.set(`blobs/sha256/${layer.digest.slice(7)}`, bytes);
      },
    });
    const plain = await drydock("image", "inspect", layout, "--format", "json");
    assert.equal(plain.code, 0, "without --verify no layer is read");
    const run = await drydock("image", "inspect", layout, "--verify");
    assertOneLineError(
      run,
      3,
      new RegExp(
        `^drydock: ${layout}: layer 1: digest mismatch: expected ${expected}, got sha256:[0-9a-f]{64}$`,
      ),
    );
  });

  it("exits 3 on a truncated gzip layer and on a config that is not JSON", async () => {
    const truncated = join(dir, "truncated");
    await makeOciLayout(truncated, sampleLayers("gzip"), {
      mutate: (files, built) => {
        const layer = built[0]!.layers[1]!;
        files.set(`blobs/sha256/${layer.digest.slice(7)}`, layer.blob.subarray(0, layer.blob.length - 10));
      },
    });
    assertOneLineError(
      await drydock("image", "inspect", truncated, "--verify"),
      3,
      /layer 2: (size mismatch|truncated gzip)/,
    );
    const notJson = join(dir, "not-json.tar");
    await makeDockerArchive(
      notJson,
      [{ layers: sampleLayers(), configBytes: Buffer.from("<xml/>"), tags: ["a:1"] }],
      { layout: "legacy" },
    );
    assertOneLineError(await drydock("image", "inspect", notJson), 3, /config .*: not valid JSON/);
  });

  it("exits 3 for a missing file, 2 for an SBOM (it holds no layers)", async () => {
    assertOneLineError(
      await drydock("image", "inspect", join(dir, "missing.tar")),
      3,
      /no such file or directory/,
    );
    const bom = join(dir, "bom.json");
    await writeFile(bom, '{"bomFormat":"CycloneDX","specVersion":"1.6"}');
    assertOneLineError(await drydock("image", "inspect", `sbom:${bom}`), 2, /an SBOM holds no image layers/);
  });

  it("exits 2 for usage errors: an ambiguous archive, a bad --platform, a bad --format", async () => {
    const multi = join(dir, "multi.tar");
    await makeDockerArchive(multi, [
      { layers: sampleLayers(), tags: ["a:1"] },
      { layers: sampleLayers("none"), tags: ["b:1"] },
    ]);
    assertOneLineError(
      await drydock("image", "inspect", multi),
      2,
      /the archive holds 2 images: @0 a:1, @1 b:1$/,
      { hint: true },
    );
    assert.equal((await drydock("image", "inspect", `${multi}@1`)).code, 0);
    assertOneLineError(
      await drydock("image", "inspect", `${multi}:b:1`, "--platform", "linux/s390x"),
      2,
      /no image for platform linux\/s390x; available: linux\/amd64/,
    );
    assertOneLineError(
      await drydock("image", "inspect", `${multi}@0`, "--platform", "nonsense"),
      2,
      /--platform "nonsense"/,
    );
    assertOneLineError(
      await drydock("image", "inspect", `${multi}@0`, "--format", "xml"),
      2,
      /--format xml: unknown format/,
    );
  });

  it("debian-app.tar: prints the truth's diffIDs, and --verify passes", async (t) => {
    if (!existsSync(join(images, "debian-app.tar"))) return t.skip("../shared/images is missing");
    const want = readFileSync(join(images, "truth/debian-app/layers.tsv"), "utf8")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split("\t")[1]);
    const run = await drydock(
      "image",
      "inspect",
      "--format",
      "json",
      "--verify",
      join(images, "debian-app.tar"),
    );
    assert.equal(run.code, 0, run.stderr);
    const doc = JSON.parse(run.stdout) as InspectDocument;
    assert.deepEqual(
      doc.layers.map((l) => l.diffId),
      want,
    );
    assert.equal(doc.verified?.layers, 6);
    assert.ok(doc.env.includes("DB_PASSWORD=********"));
  });
});
