import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { SelectedFile } from "../../src/fs/index.js";
import { compileFileMatcher, squashLayers } from "../../src/fs/index.js";
import { openTestImage, sharedDir } from "./helpers/open-image.js";

const shared = sharedDir();
const missing = "../shared/images is not here: real-image tests skipped";

/** Rows of a truth TSV as objects keyed by its header. */
function readTsv(path: string): Record<string, string>[] {
  const [header, ...rows] = readFileSync(path, "utf8").trimEnd().split("\n");
  const keys = header!.split("\t");
  return rows.map((row) => Object.fromEntries(row.split("\t").map((value, i) => [keys[i], value])));
}

/** Absolute paths listed by an apk installed db (F: directory, R: file lines). */
function apkDbPaths(db: string): string[] {
  const paths: string[] = [];
  let dir = "";
  for (const line of db.split("\n")) {
    if (line.startsWith("F:")) dir = line.slice(2);
    else if (line.startsWith("R:")) paths.push(`/${dir}/${line.slice(2)}`);
  }
  return paths;
}

describe("real image: alpine-synthetic (OCI layout)", () => {
  it("every file the apk db lists exists; the db is read byte for byte", async (t) => {
    if (shared === undefined) return t.skip(missing);
    const image = await openTestImage(join(shared, "images/alpine-synthetic.oci"));
    const truth = readFileSync(join(shared, "images/truth/alpine-synthetic/apk-installed.txt"));
    const files: SelectedFile[] = [];
    const matcher = compileFileMatcher({
      apk: { paths: ["/lib/apk/db/installed"] },
      os: { globs: ["etc/*-release"] },
    });
    const indexes = await image.readAll({ select: matcher.select, onFile: (file) => void files.push(file) });
    const view = squashLayers(indexes);

    const db = files.find((file) => file.path === "/lib/apk/db/installed");
    assert.ok(db, "apk db selected");
    assert.equal(Buffer.compare(db.bytes, truth), 0);
    assert.equal(db.layer, image.layers[0]?.diffId);
    assert.ok(files.some((file) => file.path === "/etc/alpine-release"));
    assert.ok(
      !files.some((file) => file.path !== "/lib/apk/db/installed" && !file.path.endsWith("-release")),
    );

    // /etc/hostname is managed by the container runtime and was left out of the image.
    const listed = apkDbPaths(truth.toString()).filter((path) => path !== "/etc/hostname");
    assert.ok(listed.length > 30);
    for (const path of listed) assert.ok(view.exists(path), `${path} is in the image`);
    for (const path of ["/etc/os-release", "/etc/apk/world", "/etc/apk/arch", "/lib/apk/db/installed"]) {
      assert.ok(view.stat(path)?.type === "file" || view.stat(path)?.type === "hardlink", path);
      assert.equal(view.layerOf(path), image.layers[0]?.diffId);
    }
    assert.equal(view.exists("/etc/apk/repositories"), false);
  });
});

describe("real image: debian-app (archive, 6 layers, whiteouts and an opaque dir)", () => {
  it("applies the image's whiteouts and opaque directory as the truth says", async (t) => {
    if (shared === undefined) return t.skip(missing);
    const image = await openTestImage(join(shared, "images/debian-app.tar"));
    const truthDir = join(shared, "images/truth/debian-app");
    const files: SelectedFile[] = [];
    const indexes = await image.readAll({
      select: (path) => path === "/var/lib/dpkg/status",
      onFile: (file) => void files.push(file),
    });
    const view = squashLayers(indexes);

    // Layer diffIds and markers per layer, as the truth lists them.
    assert.deepEqual(
      indexes.map((index) => index.layer.diffId),
      readTsv(join(truthDir, "layers.tsv")).map((row) => row.diff_id),
    );
    for (const row of readTsv(join(truthDir, "whiteouts.tsv"))) {
      const index = indexes[Number(row.layer) - 1]!;
      const dir = row.path!.slice(0, row.path!.lastIndexOf("/"));
      if (row.kind === "opaque") assert.ok(index.opaqueDirs.includes(dir), row.path);
      else assert.ok(index.whiteouts.includes(row.path!.replace("/.wh.", "/")), row.path);
    }

    // Deleted by whiteouts; hidden by the opaque directory; the same layer's new files kept.
    assert.equal(view.exists("/app/node_modules/node-fetch"), false);
    assert.equal(view.exists("/app/node_modules/node-fetch/package.json"), false);
    assert.equal(view.exists("/usr/share/java/commons-collections3-3.2.2.jar"), false);
    assert.equal(view.exists("/var/lib/apt/lists/lock"), false);
    assert.equal(view.exists("/var/lib/apt/lists/partial"), false);
    assert.equal(view.exists("/opt/vendor-tools/lib/netty-codec-http-4.1.48.jar"), false);
    assert.equal(view.exists("/opt/vendor-tools/bin/app-gateway"), false);
    assert.equal(view.exists("/opt/vendor-tools/README"), true);
    assert.equal(view.layerOf("/opt/vendor-tools/README"), indexes[5]?.layer.diffId);
    assert.equal(view.layerOf("/usr/local/bin/app-gateway"), indexes[4]?.layer.diffId);
    assert.ok((view.whiteoutsApplied[5]?.removed ?? 0) >= 4);

    // Everything the truth files name is there.
    const named = [
      ...readTsv(join(truthDir, "npm.tsv")).map((row) => row.path!),
      ...readTsv(join(truthDir, "python.tsv")).map((row) => row.path!),
      ...readTsv(join(truthDir, "go.tsv")).map((row) => row.binary!),
      ...readTsv(join(truthDir, "jars.tsv")).map((row) => row.jar!.split("!")[0]!),
      ...readTsv(join(truthDir, "secrets.tsv"))
        .map((row) => row.path!)
        .filter((path) => path.startsWith("/")), // one secret lives in the image config
    ];
    for (const path of named) assert.ok(view.stat(path), `${path} is in the image`);
    for (const row of readTsv(join(truthDir, "go.tsv"))) {
      assert.ok((view.stat(row.binary!)!.mode & 0o111) !== 0, `${row.binary} is executable`);
    }

    // The dpkg database of the top layer that wrote it lists every package of the truth.
    const status = files.filter((file) => file.path === "/var/lib/dpkg/status").at(-1);
    assert.ok(status);
    assert.equal(status.layer, view.layerOf("/var/lib/dpkg/status"));
    const installed = status.bytes
      .toString()
      .split("\n\n")
      .filter((stanza) => /^Status: install ok installed$/m.test(stanza));
    assert.equal(installed.length, readTsv(join(truthDir, "dpkg.tsv")).length);

    // Merged /usr: /bin is a symlink, and lookups go through it inside the root.
    assert.equal(view.lstat("/bin")?.type, "symlink");
    assert.equal(view.realpath("/bin/sh")?.startsWith("/usr/bin/"), true);
  });
});
