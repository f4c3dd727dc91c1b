import type { LayerCompression } from "../model/index.js";

/** Manifest, index and config media types drydock reads (OCI image-spec and Docker schema 2). */
export const MediaType = {
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerSchema1: "application/vnd.docker.distribution.manifest.v1+json",
  dockerSchema1Signed: "application/vnd.docker.distribution.manifest.v1+prettyjws",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociLayerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  dockerForeignLayerGzip: "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
} as const;

/** What a layer media type says about its blob. */
export interface LayerMediaTypeInfo {
  compression: LayerCompression;
  /** Foreign / non-distributable: the blob may live elsewhere (`urls`). */
  foreign: boolean;
}

const layerMediaTypes: Record<string, LayerMediaTypeInfo> = {
  [MediaType.ociLayer]: { compression: "none", foreign: false },
  [MediaType.ociLayerGzip]: { compression: "gzip", foreign: false },
  [MediaType.ociLayerZstd]: { compression: "zstd", foreign: false },
  "application/vnd.oci.image.layer.nondistributable.v1.tar": { compression: "none", foreign: true },
  "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip": { compression: "gzip", foreign: true },
  "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd": { compression: "zstd", foreign: true },
  [MediaType.dockerLayerGzip]: { compression: "gzip", foreign: false },
  [MediaType.dockerForeignLayerGzip]: { compression: "gzip", foreign: true },
  // Not registered by Docker, but written by some tools for uncompressed layers.
  "application/vnd.docker.image.rootfs.diff.tar": { compression: "none", foreign: false },
};

/** Classifies a layer media type; `undefined` when it is not a filesystem layer type drydock reads. */
export function describeLayerMediaType(mediaType: string): LayerMediaTypeInfo | undefined {
  return layerMediaTypes[mediaType];
}

/** The OCI layer media type for a compression (what a sniffed docker-archive layer is reported as). */
export function ociLayerMediaType(compression: LayerCompression): string {
  if (compression === "gzip") return MediaType.ociLayerGzip;
  if (compression === "zstd") return MediaType.ociLayerZstd;
  return MediaType.ociLayer;
}

export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}

export function isImageManifestMediaType(mediaType: string | undefined): boolean {
  return mediaType === MediaType.ociManifest || mediaType === MediaType.dockerManifest;
}

export function isImageConfigMediaType(mediaType: string | undefined): boolean {
  return mediaType === MediaType.ociConfig || mediaType === MediaType.dockerConfig;
}
