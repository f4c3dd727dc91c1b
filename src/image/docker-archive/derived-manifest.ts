import type { Digest } from "../../model/index.js";
import { MediaType } from "../media-types.js";

/**
 * The Docker schema 2 manifest that skopeo (containers/image) derives from a docker-archive
 * and that a registry push of it stores: the config descriptor, then one layer per diffID
 * with its **uncompressed** size (the archive's layers are pushed as they are read,
 * decompressed), all with the gzip layer media type, compact JSON in this field order.
 * Its digest is the archive's manifest digest; it differs from the OCI manifest digest of
 * the same image in an OCI layout, which lists compressed blobs.
 */
export function deriveSchema2Manifest(
  config: { digest: Digest; size: number },
  layers: { diffId: Digest; uncompressedSize: number }[],
): Buffer {
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.dockerManifest,
    config: { mediaType: MediaType.dockerConfig, size: config.size, digest: config.digest },
    layers: layers.map((l) => ({
      mediaType: MediaType.dockerLayerGzip,
      size: l.uncompressedSize,
      digest: l.diffId,
    })),
  };
  return Buffer.from(JSON.stringify(manifest), "utf8");
}
