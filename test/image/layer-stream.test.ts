import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { describe, it } from "node:test";
import { findZstdBinary } from "../../src/image/decompress.js";
import { openLayerStream } from "../../src/image/layer-stream.js";
import { type Digest, DrydockError, type LayerCompression } from "../../src/model/index.js";
import { compressBlob, hasZstdBinary, makeLayerTar, sha256 } from "../helpers/make-image.js";

async function layerFixture(compression: "gzip" | "zstd" | "none") {
  const tar = await makeLayerTar([
    { path: "etc/", type: "directory" },
    { path: "etc/hello", content: "hello world\n".repeat(1000) },
  ]);
  const blob = compressBlob(tar, compression);
  return { tar, blob, digest: sha256(blob) as Digest, diffId: sha256(tar) as Digest };
}

/** Streams `blob` in small chunks (exercises partial headers and backpressure). */
function chunked(blob: Buffer, size = 777): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < blob.length; i += size) parts.push(blob.subarray(i, i + size));
  return Readable.from(parts);
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Reads to the end, returning the bytes that arrived before the error (or all). */
async function readUntilError(stream: Readable): Promise<{ bytes: Buffer; error?: unknown }> {
  const chunks: Buffer[] = [];
  try {
    for await (const c of stream) chunks.push(c as Buffer);
    return { bytes: Buffer.concat(chunks) };
  } catch (error) {
    return { bytes: Buffer.concat(chunks), error };
  }
}

function layer(f: { digest: Digest; diffId: Digest; blob: Buffer }, compression: LayerCompression) {
  return { index: 2, digest: f.digest, diffId: f.diffId, compression, size: f.blob.length };
}

describe("openLayerStream", () => {
  for (const compression of ["none", "gzip"] as const) {
    it(`hands out the verified tar of a ${compression} layer`, async () => {
      const f = await layerFixture(compression);
      const handle = await openLayerStream(chunked(f.blob), {
        target: "t.tar",
        layer: layer(f, compression),
      });
      assert.equal(handle.compression, compression);
      assert.deepEqual(await readAll(handle.stream), f.tar);
      const result = await handle.result;
      assert.equal(result.diffId, f.diffId);
      assert.equal(result.digest, f.digest);
      assert.equal(result.uncompressedBytes, f.tar.length);
    });
  }

  const zstdCases = [
    { name: "zstd through the pure-JS decoder (fzstd)", zstdBinary: null },
    { name: "zstd through the zstd -dc child process", zstdBinary: findZstdBinary() },
  ];
  for (const c of zstdCases) {
    it(c.name, async (t) => {
      if (!hasZstdBinary()) return t.skip("zstd binary not installed: cannot make zstd fixtures");
      if (c.zstdBinary === undefined || (c.name.includes("child") && !c.zstdBinary))
        return t.skip("no zstd binary");
      const f = await layerFixture("zstd");
      const handle = await openLayerStream(chunked(f.blob), {
        target: "t.tar",
        layer: layer(f, "zstd"),
        zstdBinary: c.zstdBinary,
      });
      assert.deepEqual(await readAll(handle.stream), f.tar);
    });
  }

  it("trusts magic bytes over a media type that lies", async () => {
    const f = await layerFixture("gzip");
    // The manifest says uncompressed; the bytes are gzip.
    const handle = await openLayerStream(chunked(f.blob), { target: "t.tar", layer: layer(f, "none") });
    assert.equal(handle.compression, "gzip");
    assert.deepEqual(await readAll(handle.stream), f.tar);
    const plain = await layerFixture("none");
    const h2 = await openLayerStream(chunked(plain.blob), { target: "t.tar", layer: layer(plain, "gzip") });
    assert.equal(h2.compression, "none");
    assert.deepEqual(await readAll(h2.stream), plain.tar);
  });

  it("reports a tampered blob after the last byte, naming expected and actual digests", async () => {
    const f = await layerFixture("none");
    const tampered = Buffer.from(f.blob);
    tampered[600] = (tampered[600] ?? 0) ^ 0xff; // inside the file content
    const handle = await openLayerStream(chunked(tampered), { target: "app.tar", layer: layer(f, "none") });
    const { bytes, error } = await readUntilError(handle.stream);
    assert.equal(bytes.length, tampered.length, "every byte is delivered before the error");
    assert.ok(error instanceof DrydockError);
    assert.equal(error.code, "DRYDOCK_DIGEST_MISMATCH");
    assert.equal(error.exitCode, 3);
    assert.equal(
      error.message,
      `app.tar: layer 3: digest mismatch: expected ${f.digest}, got ${sha256(tampered)}`,
    );
    await assert.rejects(handle.result, { code: "DRYDOCK_DIGEST_MISMATCH" });
  });

  it("reports a forged diffID (blob digest right, uncompressed digest wrong)", async () => {
    const f = await layerFixture("gzip");
    const forged = `sha256:${"ab".repeat(32)}` as Digest;
    const handle = await openLayerStream(chunked(f.blob), {
      target: "app.tar",
      layer: { ...layer(f, "gzip"), diffId: forged },
    });
    const { error } = await readUntilError(handle.stream);
    assert.ok(error instanceof DrydockError);
    assert.equal(error.code, "DRYDOCK_DIGEST_MISMATCH");
    assert.match(error.message, new RegExp(`expected ${forged}, got ${f.diffId}`));
  });

  it("checks an uncompressed layer's diffID too (its blob digest, hashed once)", async () => {
    const f = await layerFixture("none");
    assert.equal(f.digest, f.diffId);
    const ok = await openLayerStream(chunked(f.blob), { target: "app.tar", layer: layer(f, "none") });
    assert.deepEqual(await readAll(ok.stream), f.tar);
    assert.equal((await ok.result).diffId, f.diffId);
    const forged = `sha256:${"cd".repeat(32)}` as Digest;
    const handle = await openLayerStream(chunked(f.blob), {
      target: "app.tar",
      layer: { ...layer(f, "none"), diffId: forged },
    });
    const { error } = await readUntilError(handle.stream);
    assert.equal((error as DrydockError).code, "DRYDOCK_DIGEST_MISMATCH");
    assert.match((error as Error).message, new RegExp(`diffID .*expected ${forged}, got ${f.diffId}`));
  });

  it("refuses a blob larger than the manifest says without reading it all", async () => {
    const f = await layerFixture("none");
    const handle = await openLayerStream(chunked(f.blob), {
      target: "app.tar",
      layer: { ...layer(f, "none"), size: 1000 },
    });
    const { bytes, error } = await readUntilError(handle.stream);
    assert.ok(bytes.length <= 1000);
    assert.equal((error as DrydockError).code, "DRYDOCK_DIGEST_MISMATCH");
    assert.match((error as Error).message, /size mismatch: expected 1000 bytes/);
  });

  it("refuses a truncated gzip stream as a corrupt layer", async () => {
    const f = await layerFixture("gzip");
    const cut = f.blob.subarray(0, f.blob.length - 20);
    const handle = await openLayerStream(chunked(cut), {
      target: "app.tar",
      layer: { ...layer(f, "gzip"), digest: sha256(cut) as Digest, size: cut.length },
    });
    const { error } = await readUntilError(handle.stream);
    assert.ok(error instanceof DrydockError);
    assert.equal(error.code, "DRYDOCK_LAYER_CORRUPT");
    assert.match(error.message, /^app\.tar: layer 3: truncated gzip stream/);
  });

  for (const zstdBinary of [null, "auto"] as const) {
    it(`refuses a truncated zstd stream (${zstdBinary ?? "fzstd"})`, async (t) => {
      if (!hasZstdBinary()) return t.skip("zstd binary not installed");
      const f = await layerFixture("zstd");
      const cut = f.blob.subarray(0, Math.floor(f.blob.length / 2));
      const handle = await openLayerStream(chunked(cut), {
        target: "app.tar",
        layer: { ...layer(f, "zstd"), digest: sha256(cut) as Digest, size: cut.length },
        ...(zstdBinary === null ? { zstdBinary: null } : {}),
      });
      const { error } = await readUntilError(handle.stream);
      assert.ok(error instanceof DrydockError, String(error));
      assert.equal(error.code, "DRYDOCK_LAYER_CORRUPT");
      assert.match(error.message, /truncated zstd stream|corrupt zstd stream/);
    });
  }

  it("refuses gzip garbage", async () => {
    const garbage = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(100, 7)]);
    const handle = await openLayerStream(Readable.from([garbage]), {
      target: "x",
      layer: {
        index: 0,
        digest: sha256(garbage) as Digest,
        diffId: sha256(garbage) as Digest,
        compression: "gzip",
        size: garbage.length,
      },
    });
    const { error } = await readUntilError(handle.stream);
    assert.equal((error as DrydockError).code, "DRYDOCK_LAYER_CORRUPT");
  });

  it("stops a gzip bomb at the expanded-bytes limit", async () => {
    const tar = Buffer.alloc(8 * 1024 * 1024); // 8 MiB of zeros compress ~1000:1
    const blob = compressBlob(tar, "gzip");
    const handle = await openLayerStream(chunked(blob, 4096), {
      target: "bomb.tar",
      layer: {
        index: 0,
        digest: sha256(blob) as Digest,
        diffId: sha256(tar) as Digest,
        compression: "gzip",
        size: blob.length,
      },
      limits: { maxExpandedBytes: 1024 * 1024 },
    });
    const { bytes, error } = await readUntilError(handle.stream);
    assert.ok(bytes.length <= 1024 * 1024);
    assert.equal((error as DrydockError).code, "DRYDOCK_LAYER_LIMIT");
    assert.match((error as Error).message, /^bomb\.tar: layer 1: expands to more than 1048576 bytes/);
  });

  it("stops a stream whose expansion ratio is implausible", async () => {
    const tar = Buffer.alloc(8 * 1024 * 1024);
    const blob = compressBlob(tar, "gzip");
    const handle = await openLayerStream(chunked(blob, 4096), {
      target: "bomb.tar",
      layer: {
        index: 0,
        digest: sha256(blob) as Digest,
        diffId: sha256(tar) as Digest,
        compression: "gzip",
        size: blob.length,
      },
      limits: { maxRatio: 50, ratioFloorBytes: 64 * 1024 },
    });
    const { error } = await readUntilError(handle.stream);
    assert.equal((error as DrydockError).code, "DRYDOCK_LAYER_LIMIT");
    assert.match((error as Error).message, /more than 50 times/);
  });

  it("releases the source when the consumer stops early", async () => {
    const f = await layerFixture("gzip");
    const source = chunked(f.blob, 64);
    const handle = await openLayerStream(source, { target: "t", layer: layer(f, "gzip") });
    for await (const _ of handle.stream) break;
    await new Promise((r) => setImmediate(r));
    assert.ok(source.destroyed);
    await assert.rejects(handle.result);
  });
});
