import assert from "node:assert/strict";
import { mkdtemp, rm, symlink, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import type { ImageSource } from "../../src/image/image-source.js";
import { openOciArchive } from "../../src/image/oci-archive/open-oci-archive.js";
import { openOciDir } from "../../src/image/oci-layout/open-oci-dir.js";
import { formatPlatform, hostPlatform } from "../../src/image/platform.js";
import type { DrydockError } from "../../src/model/index.js";
import {
  type ContainerFiles,
  hasZstdBinary,
  type ImageSpec,
  type LayerSpec,
  makeOciArchive,
  makeOciLayout,
  type OciLayoutOptions,
  sampleLayers,
  sha256,
} from "../helpers/make-image.js";

let dir: string;
let n = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), "drydock-oci-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function drain(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

type Container = "oci-dir" | "oci-archive";

/** Builds the layout in a fresh place, in both containers, and opens it. */
async function build(
  container: Container,
  images: LayerSpec[] | ImageSpec[],
  options: OciLayoutOptions = {},
) {
  const path = join(dir, `case-${++n}${container === "oci-archive" ? ".tar" : ""}`);
  const result =
    container === "oci-dir"
      ? await makeOciLayout(path, images, options)
      : await makeOciArchive(path, images, options);
  const open = (ref?: string, platform?: string): Promise<ImageSource> =>
    container === "oci-dir"
      ? openOciDir(path, `${container}:${path}`, ref, platform ? { platform } : {})
      : openOciArchive(path, `${container}:${path}`, ref, platform ? { platform } : {});
  return { path, result, open, input: `${container}:${path}` };
}

function expectCode(code: string, pattern?: RegExp) {
  return (e: DrydockError) => {
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    assert.ok(!e.message.includes("\n"), "one line");
    return true;
  };
}

const platforms: ImageSpec[] = [
  { layers: sampleLayers(), platform: { os: "linux", architecture: "amd64" } },
  {
    layers: [{ entries: [{ path: "arm.txt", content: "arm64" }] }],
    platform: { os: "linux", architecture: "arm64", variant: "v8" },
  },
];

for (const container of ["oci-dir", "oci-archive"] as const) {
  describe(`${container} reader`, () => {
    it("reads manifest, config and layers with digests, diffIDs and history", async () => {
      const { open, result, input } = await build(container, sampleLayers());
      const source = await open();
      const image = result.images[0]!;
      assert.equal(source.target.input, input);
      assert.equal(source.target.digest, image.manifestDigest);
      assert.equal(source.target.ref, "latest");
      assert.equal(source.target.platform, "linux/amd64");
      assert.equal(source.configDigest, image.configDigest);
      assert.deepEqual(
        source.layers.map((l) => [l.index, l.digest, l.diffId, l.size, l.compression, l.createdBy]),
        image.layers.map((l, i) => [
          i,
          l.digest,
          l.diffId,
          l.size,
          "gzip",
          i === 0 ? "test layer 1" : "COPY app /app",
        ]),
      );
      for (const [i, layer] of source.layers.entries()) {
        assert.deepEqual(await drain(await source.openLayer(layer)), image.layers[i]!.tar);
      }
      assert.equal(
        source.bytesRead(),
        image.layers.reduce((s, l) => s + l.size, 0),
      );
      await source.close();
    });

    it("reads plain and zstd layers", async (t) => {
      const kinds = hasZstdBinary() ? (["none", "zstd"] as const) : (["none"] as const);
      if (!hasZstdBinary()) t.diagnostic("zstd binary missing: zstd layers not built");
      for (const compression of kinds) {
        const { open, result } = await build(container, sampleLayers(compression));
        const source = await open();
        assert.deepEqual(
          source.layers.map((l) => l.compression),
          [compression, compression],
        );
        assert.deepEqual(
          await drain(await source.openLayer(source.layers[1]!)),
          result.images[0]!.layers[1]!.tar,
        );
      }
    });

    it("pairs history with layers, skipping empty_layer entries", async () => {
      const { open } = await build(container, [
        { layers: sampleLayers(), emptyHistoryAfter: ["ENV A=1", "CMD sh"] },
      ]);
      const source = await open();
      assert.deepEqual(
        source.layers.map((l) => l.createdBy),
        ["test layer 1", "COPY app /app"],
      );
    });

    it("chooses by ref name, and lists the refs when ambiguous or unknown", async () => {
      const images: ImageSpec[] = [
        { layers: sampleLayers(), ref: "v1" },
        { layers: [{ entries: [{ path: "v2.txt", content: "2" }] }], ref: "v2" },
      ];
      const { open, result, input } = await build(container, images, { platforms: false });
      assert.equal((await open("v2")).target.digest, result.images[1]!.manifestDigest);
      assert.equal((await open("v1")).target.ref, "v1");
      assert.equal(
        (await open(result.images[1]!.manifestDigest)).target.digest,
        result.images[1]!.manifestDigest,
      );
      await assert.rejects(
        open(),
        expectCode(
          "DRYDOCK_TARGET_AMBIGUOUS",
          new RegExp(`^${input}: the layout holds several images: v1, v2$`),
        ),
      );
      await assert.rejects(
        open("v3"),
        expectCode("DRYDOCK_TARGET_NOT_FOUND", /no image named "v3" in the layout; there are: v1, v2/),
      );
    });

    it("selects a platform from a flat index, the host's by default", async () => {
      const { open, result } = await build(container, platforms);
      const arm = await open(undefined, "linux/aarch64");
      assert.equal(arm.target.digest, result.images[1]!.manifestDigest);
      assert.equal(arm.target.platform, "linux/arm64/v8");
      const host = formatPlatform(hostPlatform());
      const chosen = await open();
      assert.equal(chosen.target.platform, host === "linux/arm64/v8" ? "linux/arm64/v8" : "linux/amd64");
      await assert.rejects(
        open(undefined, "linux/ppc64le"),
        expectCode(
          "DRYDOCK_PLATFORM_NOT_FOUND",
          /no image for platform linux\/ppc64le; available: linux\/amd64, linux\/arm64\/v8$/,
        ),
      );
    });

    it("walks a nested index (verifying it) to the platform's manifest", async () => {
      const { open, result } = await build(container, platforms, { index: "nested", ref: "multi" });
      const source = await open("multi", "linux/arm64");
      assert.equal(source.target.digest, result.images[1]!.manifestDigest);
      assert.equal(source.target.ref, "multi");
      assert.equal((await open(undefined, "linux/amd64")).target.digest, result.images[0]!.manifestDigest);
      await assert.rejects(
        open("multi", "windows/amd64"),
        expectCode("DRYDOCK_PLATFORM_NOT_FOUND", /available: linux\/amd64, linux\/arm64\/v8/),
      );
    });

    it("refuses --platform that a single image does not have", async () => {
      const { open } = await build(container, sampleLayers());
      await assert.rejects(
        open(undefined, "linux/arm64"),
        expectCode("DRYDOCK_PLATFORM_NOT_FOUND", /available: linux\/amd64/),
      );
      assert.equal((await open(undefined, "linux/x86_64")).target.platform, "linux/amd64");
    });

    it("reports foreign layers, and names the missing blob when one is read", async () => {
      const layers: LayerSpec[] = [
        {
          entries: [{ path: "Windows/base.txt", content: "base" }],
          mediaType: "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
          urls: ["https://mcr.microsoft.com/base.tar.gz"],
          omitBlob: true,
        },
        ...sampleLayers(),
      ];
      const { open } = await build(container, layers);
      const source = await open();
      assert.equal(source.layers[0]!.foreign, true);
      assert.deepEqual(source.layers[0]!.urls, ["https://mcr.microsoft.com/base.tar.gz"]);
      assert.equal(source.layers[1]!.foreign, undefined);
      await assert.rejects(
        source.openLayer(source.layers[0]!),
        expectCode("DRYDOCK_BLOB_MISSING", /layer 1 is a foreign layer .*mcr\.microsoft\.com/),
      );
      assert.ok((await drain(await source.openLayer(source.layers[1]!))).length > 0);
    });

    it("streams a tampered layer to the end, then fails with both digests", async () => {
      let expected = "";
      const { open } = await build(container, sampleLayers("none"), {
        mutate: (files: ContainerFiles, images) => {
          const layer = images[0]!.layers[1]!;
          expected = layer.digest;
          const tampered = Buffer.from(layer.blob);
          tampered[700] = (tampered[700] ?? 0) ^ 1;
          files.set(`blobs/sha256/${layer.digest.slice(7)}`, tampered);
        },
      });
      const source = await open();
      await assert.rejects(
        drain(await source.openLayer(source.layers[1]!)),
        expectCode(
          "DRYDOCK_DIGEST_MISMATCH",
          new RegExp(`: layer 2: digest mismatch: expected ${expected}, got sha256:[0-9a-f]{64}$`),
        ),
      );
    });

    it("refuses a forged diffID once the layer is read", async () => {
      const forged = `sha256:${"0".repeat(64)}`;
      const { open, result } = await build(container, [
        { layers: sampleLayers(), diffIds: [forged, `sha256:${"1".repeat(64)}`] },
      ]);
      const source = await open();
      assert.equal(source.layers[0]!.diffId, forged);
      await assert.rejects(
        drain(await source.openLayer(source.layers[0]!)),
        expectCode(
          "DRYDOCK_DIGEST_MISMATCH",
          new RegExp(
            `diffID \\(uncompressed digest\\) mismatch: expected ${forged}, got ${result.images[0]!.layers[0]!.diffId}`,
          ),
        ),
      );
    });

    it("verifies manifest and config digests on open", async () => {
      const tamper =
        (which: "manifest" | "config") =>
        (
          files: ContainerFiles,
          images: {
            manifestDigest: string;
            configDigest: string;
            manifestBytes: Buffer;
            configBytes: Buffer;
          }[],
        ) => {
          const image = images[0]!;
          const digest = which === "manifest" ? image.manifestDigest : image.configDigest;
          const bytes = Buffer.from(which === "manifest" ? image.manifestBytes : image.configBytes);
          bytes[bytes.length - 2] = 0x20; // same size, other content
          files.set(`blobs/sha256/${digest.slice(7)}`, bytes);
        };
      const m = await build(container, sampleLayers(), { mutate: tamper("manifest") });
      await assert.rejects(
        m.open(),
        expectCode("DRYDOCK_DIGEST_MISMATCH", /manifest: digest mismatch: expected sha256:/),
      );
      const c = await build(container, sampleLayers(), { mutate: tamper("config") });
      await assert.rejects(
        c.open(),
        expectCode("DRYDOCK_DIGEST_MISMATCH", /config: digest mismatch: expected sha256:/),
      );
    });

    it("refuses a config that is not JSON, and diff_ids that do not match the layers", async () => {
      const bad = await build(container, [
        { layers: sampleLayers(), configBytes: Buffer.from("not json {") },
      ]);
      await assert.rejects(
        bad.open(),
        expectCode("DRYDOCK_CONFIG_NOT_JSON", /config sha256:[0-9a-f]{64}: not valid JSON/),
      );
      const short = await build(container, [{ layers: sampleLayers(), diffIds: [sha256(Buffer.from("x"))] }]);
      await assert.rejects(
        short.open(),
        expectCode("DRYDOCK_TARGET_FORMAT", /the config lists 1 diff_ids but the manifest has 2 layers/),
      );
    });

    it("refuses malformed layouts with a clear message", async () => {
      const noLayout = await build(container, sampleLayers(), {
        mutate: (files) => files.delete("oci-layout"),
      });
      await assert.rejects(noLayout.open(), expectCode("DRYDOCK_TARGET_FORMAT", /no oci-layout/));
      const badIndex = await build(container, sampleLayers(), {
        mutate: (files) =>
          files.set("index.json", Buffer.from('{"schemaVersion":2,"manifests":[{"digest":"sha256:zz"}]}')),
      });
      await assert.rejects(
        badIndex.open(),
        (e: DrydockError) => e.exitCode === 3 && /index\.json/.test(e.message),
      );
      const missing = await build(container, sampleLayers(), {
        mutate: (files, images) => files.delete(`blobs/sha256/${images[0]!.configDigest.slice(7)}`),
      });
      await assert.rejects(
        missing.open(),
        expectCode("DRYDOCK_BLOB_MISSING", /config sha256:[0-9a-f]+ is not in the image/),
      );
    });
  });
}

/** Rewrites the first image's manifest (and index.json to point at it). */
function editManifest(edit: (manifest: Record<string, unknown>) => void) {
  return (files: ContainerFiles, images: { manifestDigest: string; manifestBytes: Buffer }[]) => {
    const image = images[0]!;
    const manifest = JSON.parse(image.manifestBytes.toString()) as Record<string, unknown>;
    edit(manifest);
    const bytes = Buffer.from(JSON.stringify(manifest));
    const digest = sha256(bytes);
    files.delete(`blobs/sha256/${image.manifestDigest.slice(7)}`);
    files.set(`blobs/sha256/${digest.slice(7)}`, bytes);
    const index = (files.get("index.json") as Buffer).toString();
    files.set(
      "index.json",
      Buffer.from(
        index
          .replace(image.manifestDigest, digest)
          .replace(`"size":${image.manifestBytes.length}`, `"size":${bytes.length}`),
      ),
    );
  };
}

describe("unsupported manifests and media types", () => {
  it("refuses an artifact (non-image config), an unknown layer type and schema 1", async () => {
    const artifact = await build("oci-dir", sampleLayers(), {
      mutate: editManifest((m) => {
        (m.config as Record<string, unknown>).mediaType = "application/vnd.cncf.helm.config.v1+json";
      }),
    });
    await assert.rejects(
      artifact.open(),
      expectCode(
        "DRYDOCK_MEDIA_TYPE_UNSUPPORTED",
        /not a container image \(config mediaType "application\/vnd\.cncf\.helm\.config\.v1\+json"\)/,
      ),
    );
    const inToto = await build("oci-dir", sampleLayers(), {
      mutate: editManifest((m) => {
        ((m.layers as Record<string, unknown>[])[1] as Record<string, unknown>).mediaType =
          "application/vnd.in-toto+json";
      }),
    });
    await assert.rejects(
      inToto.open(),
      expectCode(
        "DRYDOCK_MEDIA_TYPE_UNSUPPORTED",
        /layer 2 has unsupported media type "application\/vnd\.in-toto\+json"/,
      ),
    );
    const schema1 = await build("oci-dir", sampleLayers(), {
      mutate: editManifest((m) => {
        m.schemaVersion = 1;
        m.mediaType = "application/vnd.docker.distribution.manifest.v1+prettyjws";
      }),
    });
    await assert.rejects(
      schema1.open(),
      expectCode("DRYDOCK_MEDIA_TYPE_UNSUPPORTED", /schema 1 manifests are not supported/),
    );
  });
});

describe("oci-dir safety", () => {
  it("refuses a blob that is a symlink out of the layout directory", async () => {
    const path = join(dir, "escape-layout");
    const result = await makeOciLayout(path, sampleLayers());
    const configPath = join(path, "blobs/sha256", result.images[0]!.configDigest.slice(7));
    const outside = join(dir, "outside.json");
    await writeFile(outside, result.images[0]!.configBytes);
    await unlink(configPath);
    await symlink(outside, configPath);
    await assert.rejects(
      openOciDir(path, path, undefined),
      expectCode("DRYDOCK_TARGET_FORMAT", /resolves outside the layout directory/),
    );
  });
});
