#!/usr/bin/env node
// Builds the bundled example image examples/hello-image.tar from the folders in
// examples/hello/: one layer per `layerN` folder, plus the symlinks and whiteouts listed
// below. The tar is a docker-archive (manifest.json) that is also an OCI image layout
// (oci-layout, index.json, blobs/), as `docker save` writes since Docker 25. Deterministic:
// fixed times and ordering, so the digests are the same on every machine.
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "examples", "hello");
const out = process.argv[2] ?? join(root, "examples", "hello-image.tar");
const mtime = new Date("2026-01-01T00:00:00Z");

/** Entries git cannot hold portably: symlinks and whiteouts, per layer. */
const extras = {
  1: [{ name: "etc/os-release", type: "symlink", linkname: "../usr/lib/os-release" }],
  3: [{ name: "app/node_modules/.wh.lodash", type: "file", content: "" }],
};
const history = [
  "ADD rootfs.tar / # Debian 12 base with dpkg status and Python urllib3",
  "COPY app/ /app/",
  "RUN rm -rf /app/node_modules/lodash",
];

function listFiles(dir) {
  const outList = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else outList.push(full);
    }
  };
  walk(dir);
  return outList;
}

function dirsOf(path) {
  const parts = path.split("/").slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join("/"));
}

async function tarToBuffer(entries) {
  const p = pack();
  const chunks = [];
  p.on("data", (c) => chunks.push(c));
  const done = new Promise((resolve, reject) => {
    p.on("end", resolve);
    p.on("error", reject);
  });
  const seenDirs = new Set();
  for (const e of entries) {
    for (const d of dirsOf(e.name)) {
      if (seenDirs.has(d)) continue;
      seenDirs.add(d);
      p.entry({ name: `${d}/`, type: "directory", mode: 0o755, mtime, uid: 0, gid: 0 });
    }
    if (e.type === "symlink")
      p.entry({ name: e.name, type: "symlink", linkname: e.linkname, mode: 0o777, mtime });
    else p.entry({ name: e.name, type: "file", mode: e.mode ?? 0o644, mtime, uid: 0, gid: 0 }, e.content);
  }
  p.finalize();
  await done;
  return Buffer.concat(chunks);
}

const sha256 = (b) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

async function main() {
  const blobs = new Map();
  const addBlob = (buf) => {
    const d = sha256(buf);
    blobs.set(d, buf);
    return d;
  };
  const layerDirs = readdirSync(src)
    .filter((n) => /^layer\d+$/.test(n))
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  const count = Math.max(layerDirs.length, ...Object.keys(extras).map(Number));
  const layers = [];
  for (let i = 1; i <= count; i++) {
    const dir = join(src, `layer${i}`);
    let entries = [];
    try {
      entries = listFiles(dir).map((f) => ({
        name: relative(dir, f).split(sep).join("/"),
        type: "file",
        content: readFileSync(f),
      }));
    } catch {}
    entries.push(...(extras[i] ?? []));
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    const tar = await tarToBuffer(entries);
    const gz = gzipSync(tar, { level: 9 });
    gz[9] = 3; // gzip header OS byte: fixed, so the blob digest does not depend on the platform
    layers.push({ diffId: sha256(tar), digest: addBlob(gz), size: gz.length });
  }
  const config = {
    architecture: "amd64",
    os: "linux",
    created: mtime.toISOString(),
    config: {
      Env: [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        "NODE_ENV=production",
        "API_TOKEN=example-not-a-secret",
      ],
      Cmd: ["node", "/app/server.js"],
      WorkingDir: "/app",
      User: "1000",
      ExposedPorts: { "8080/tcp": {} },
      Labels: { "org.opencontainers.image.title": "drydock example" },
    },
    rootfs: { type: "layers", diff_ids: layers.map((l) => l.diffId) },
    history: history.map((h) => ({ created: mtime.toISOString(), created_by: h })),
  };
  const configBuf = Buffer.from(JSON.stringify(config));
  const configDigest = addBlob(configBuf);
  const manifest = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {
      mediaType: "application/vnd.oci.image.config.v1+json",
      digest: configDigest,
      size: configBuf.length,
    },
    layers: layers.map((l) => ({
      mediaType: "application/vnd.oci.image.layer.v1.tar+gzip",
      digest: l.digest,
      size: l.size,
    })),
  };
  const manifestBuf = Buffer.from(JSON.stringify(manifest));
  const manifestDigest = addBlob(manifestBuf);
  const index = {
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.index.v1+json",
    manifests: [
      {
        mediaType: manifest.mediaType,
        digest: manifestDigest,
        size: manifestBuf.length,
        annotations: {
          "io.containerd.image.name": "drydock.example/hello:1.0",
          "org.opencontainers.image.ref.name": "1.0",
        },
      },
    ],
  };
  const dockerManifest = [
    {
      Config: `blobs/sha256/${configDigest.slice(7)}`,
      RepoTags: ["drydock.example/hello:1.0"],
      Layers: layers.map((l) => `blobs/sha256/${l.digest.slice(7)}`),
    },
  ];
  const files = [
    { name: "oci-layout", type: "file", content: Buffer.from('{"imageLayoutVersion":"1.0.0"}') },
    { name: "index.json", type: "file", content: Buffer.from(JSON.stringify(index)) },
    { name: "manifest.json", type: "file", content: Buffer.from(JSON.stringify(dockerManifest)) },
    {
      name: "repositories",
      type: "file",
      content: Buffer.from(
        JSON.stringify({ "drydock.example/hello": { "1.0": layers.at(-1).digest.slice(7) } }),
      ),
    },
    ...[...blobs]
      .sort()
      .map(([d, buf]) => ({ name: `blobs/sha256/${d.slice(7)}`, type: "file", content: buf })),
  ];
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, await tarToBuffer(files));
  process.stdout.write(
    `example image written: ${relative(process.cwd(), out)} (manifest ${manifestDigest})\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`make-example-image: ${e.message}\n`);
  process.exitCode = 1;
});
