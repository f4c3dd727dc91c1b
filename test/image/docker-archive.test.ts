import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { openDockerArchive } from "../../src/image/docker-archive/open-docker-archive.js";
import type { ArchiveSelector } from "../../src/image/target.js";
import type { DrydockError } from "../../src/model/index.js";
import {
  type BuiltImage,
  type DockerArchiveOptions,
  hasZstdBinary,
  type ImageSpec,
  type LayerSpec,
  makeDockerArchive,
  sampleLayers,
  sha256,
} from "../helpers/make-image.js";

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-docker-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function build(images: LayerSpec[] | ImageSpec[], options: DockerArchiveOptions = {}) {
  const file = join(dir, `case-${++n}.tar`);
  const { images: built } = await makeDockerArchive(file, images, options);
  const open = (select?: ArchiveSelector, platform?: string) =>
    openDockerArchive(file, file, select, platform ? { platform } : {});
  return { file, images: built, open };
}

function expectCode(code: string, pattern?: RegExp) {
  return (e: DrydockError) => {
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

/** The schema 2 manifest skopeo derives, written out independently of the implementation. */
function skopeoDigest(image: BuiltImage): string {
  const manifest = `{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":${image.configBytes.length},"digest":"${image.configDigest}"},"layers":[${image.layers
    .map(
      (l) =>
        `{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","size":${l.tar.length},"digest":"${l.diffId}"}`,
    )
    .join(",")}]}`;
  return sha256(Buffer.from(manifest));
}

describe("docker-archive reader", () => {
  for (const layout of ["skopeo", "legacy", "blobs"] as const) {
    for (const compression of ["none", "gzip", "zstd"] as const) {
      it(`reads the ${layout} layout with ${compression} layers`, async (t) => {
        if (compression === "zstd" && !hasZstdBinary()) return t.skip("zstd binary not installed");
        const { images, open } = await build(sampleLayers(compression), { layout });
        const image = images[0]!;
        const source = await open();
        assert.equal(source.target.ref, "test/image:latest");
        assert.equal(source.configDigest, image.configDigest);
        assert.equal(source.target.platform, "linux/amd64");
        assert.equal(source.target.digest, skopeoDigest(image));
        assert.equal(source.manifest.mediaType, "application/vnd.docker.distribution.manifest.v2+json");
        for (const [i, layer] of source.layers.entries()) {
          const built = image.layers[i]!;
          assert.equal(layer.diffId, built.diffId);
          assert.equal(layer.digest, built.digest, "the digest of the file as stored");
          assert.equal(layer.size, built.blob.length);
          assert.equal(layer.compression, compression);
          assert.deepEqual(await drain(await source.openLayer(layer)), built.tar);
        }
        assert.deepEqual(
          source.layers.map((l) => l.createdBy),
          ["test layer 1", "COPY app /app"],
        );
      });
    }
  }

  const several: ImageSpec[] = [
    { layers: sampleLayers(), tags: ["web:1.0", "web:latest"] },
    { layers: [{ entries: [{ path: "db.txt", content: "db" }] }], tags: ["docker.io/library/db:2"] },
  ];

  it("chooses by @N or by tag (normalised), and lists the images when ambiguous", async () => {
    const { images, open, file } = await build(several);
    assert.equal((await open({ index: 1 })).configDigest, images[1]!.configDigest);
    assert.equal((await open({ tag: "db:2" })).configDigest, images[1]!.configDigest);
    assert.equal((await open({ tag: "web" })).configDigest, images[0]!.configDigest);
    assert.equal((await open({ tag: "docker.io/library/web:1.0" })).target.ref, "web:1.0");
    await assert.rejects(
      open(),
      expectCode(
        "DRYDOCK_TARGET_AMBIGUOUS",
        new RegExp(`^${file}: the archive holds 2 images: @0 web:1.0 web:latest, @1 docker.io/library/db:2$`),
      ),
    );
    await assert.rejects(
      open({ index: 2 }),
      expectCode("DRYDOCK_TARGET_NOT_FOUND", /no image @2; the archive holds 2/),
    );
    await assert.rejects(
      open({ tag: "cache:9" }),
      expectCode("DRYDOCK_TARGET_NOT_FOUND", /no image tagged "cache:9"/),
    );
  });

  it("takes tags from the legacy repositories file when manifest.json has none", async () => {
    for (const layout of ["skopeo", "legacy"] as const) {
      const { images, open } = await build(several, { layout, omitRepoTags: true });
      const db = await open({ tag: "docker.io/library/db:2" });
      assert.equal(db.configDigest, images[1]!.configDigest);
      assert.equal((await open({ tag: "web:1.0" })).configDigest, images[0]!.configDigest);
    }
  });

  it("refuses a config whose content does not match its file name", async () => {
    for (const layout of ["skopeo", "blobs"] as const) {
      const { open } = await build(sampleLayers(), {
        layout,
        mutate: (files, images) => {
          const image = images[0]!;
          const path =
            layout === "blobs"
              ? `blobs/sha256/${image.configDigest.slice(7)}`
              : `${image.configDigest.slice(7)}.json`;
          files.set(path, Buffer.from(image.configBytes.toString().replace("/bin/sh", "/bin/xx")));
        },
      });
      await assert.rejects(
        open(),
        expectCode(
          "DRYDOCK_DIGEST_MISMATCH",
          /config .*: digest mismatch: expected sha256:[0-9a-f]{64}, got sha256:/,
        ),
      );
    }
  });

  it("refuses a config that is not JSON", async () => {
    const { open } = await build(
      [{ layers: sampleLayers(), configBytes: Buffer.from("\u0000garbage"), tags: ["x:1"] }],
      { layout: "legacy" },
    );
    await assert.rejects(open(), expectCode("DRYDOCK_CONFIG_NOT_JSON", /not valid JSON/));
  });

  it("detects a tampered plain layer while it streams", async () => {
    const { open, images } = await build(sampleLayers("none"), {
      mutate: (files, built) => {
        const layer = built[0]!.layers[0]!;
        const path = `${layer.diffId.slice(7)}.tar`;
        const bytes = Buffer.from(layer.blob);
        bytes[1100] = (bytes[1100] ?? 0) ^ 1;
        files.set(path, bytes);
      },
    });
    const source = await open();
    await assert.rejects(
      drain(await source.openLayer(source.layers[0]!)),
      expectCode(
        "DRYDOCK_DIGEST_MISMATCH",
        new RegExp(`layer 1: digest mismatch: expected ${images[0]!.layers[0]!.diffId}`),
      ),
    );
  });

  it("detects a tampered compressed layer on open (its diffID is checked while it is measured)", async () => {
    const { open } = await build(sampleLayers("gzip"), {
      layout: "legacy",
      mutate: (files, built) => {
        const image = built[0]!;
        // Swap the first layer's content for the second's: valid gzip, wrong diffID.
        const [first, second] = [...files.keys()].filter((k) => k.endsWith("/layer.tar"));
        files.set(first!, image.layers[1]!.blob);
        files.set(second!, image.layers[1]!.blob);
      },
    });
    await assert.rejects(
      open(),
      expectCode("DRYDOCK_DIGEST_MISMATCH", /layer 1: diffID \(uncompressed digest\) mismatch/),
    );
  });

  it("refuses a truncated gzip layer as corrupt", async () => {
    const { open } = await build(sampleLayers("gzip"), {
      layout: "blobs",
      mutate: (files, built) => {
        const layer = built[0]!.layers[1]!;
        files.set(`blobs/sha256/${layer.digest.slice(7)}`, layer.blob.subarray(0, layer.blob.length - 12));
      },
    });
    await assert.rejects(
      open(),
      (e: DrydockError) =>
        ["DRYDOCK_LAYER_CORRUPT", "DRYDOCK_DIGEST_MISMATCH"].includes(e.code) && /layer 2/.test(e.message),
    );
  });

  it("refuses a missing layer and a diff_ids count that does not match", async () => {
    const missing = await build(sampleLayers("none"), {
      mutate: (files, built) => files.delete(`${built[0]!.layers[1]!.diffId.slice(7)}.tar`),
    });
    await assert.rejects(
      missing.open(),
      expectCode("DRYDOCK_BLOB_MISSING", /layer 2 .* is not in the archive/),
    );
    const short = await build(
      [{ layers: sampleLayers(), diffIds: [sha256(Buffer.from("a"))], tags: ["a:1"] }],
      { layout: "blobs" },
    );
    await assert.rejects(
      short.open(),
      expectCode("DRYDOCK_TARGET_FORMAT", /1 diff_ids but manifest\.json has 2 layers/),
    );
  });

  it("checks --platform against the config", async () => {
    const { open } = await build([
      { layers: sampleLayers(), platform: { os: "linux", architecture: "arm64" }, tags: ["a:1"] },
    ]);
    assert.equal((await open(undefined, "linux/aarch64")).target.platform, "linux/arm64/v8");
    await assert.rejects(
      open(undefined, "linux/amd64"),
      expectCode("DRYDOCK_PLATFORM_NOT_FOUND", /available: linux\/arm64\/v8/),
    );
  });
});
