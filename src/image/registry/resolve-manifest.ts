import { type Digest, DrydockError, digestAlgorithm, isDigest } from "../../model/index.js";
import { digestOf } from "../hash.js";
import type { IntakeEventSink } from "../intake-options.js";
import { type ImageManifest, parseImageIndex, parseImageManifest } from "../manifest.js";
import { isImageManifestMediaType, isIndexMediaType, MediaType } from "../media-types.js";
import { formatPlatform, normalizePlatform, type Platform, selectPlatform } from "../platform.js";
import { type Descriptor, parseJson } from "../read-blob.js";
import type { FetchedManifest, RegistryClient } from "./registry-client.js";

const maxIndexDepth = 4;

/** The image manifest a reference resolved to, verified. */
export interface ResolvedManifest {
  manifest: ImageManifest;
  bytes: Buffer;
  digest: Digest;
  /** The index the reference named, when it named one (its digest is what a tag points to). */
  indexDigest?: Digest;
  /** Platform of the index entry chosen. */
  platform?: Descriptor["platform"];
}

export interface ResolveOptions {
  where: string;
  repository: string;
  /** Tag or digest, as the manifest endpoint takes it. */
  reference: string;
  /** The reference's digest: the first manifest must hash to it. */
  pinned?: Digest;
  platform?: Platform;
  onEvent?: IntakeEventSink;
}

/**
 * Fetches the manifest a reference names and walks index → platform → image manifest,
 * verifying each document: against the reference's digest, the `Docker-Content-Digest`
 * header, and each index entry's digest and size. Schema 1 manifests, artifacts and
 * unknown media types are refused by name.
 * @throws DrydockError DRYDOCK_DIGEST_MISMATCH, DRYDOCK_MEDIA_TYPE_UNSUPPORTED,
 *   DRYDOCK_PLATFORM_NOT_FOUND, DRYDOCK_TARGET_FORMAT, DRYDOCK_REGISTRY*.
 */
export async function resolveManifest(
  client: RegistryClient,
  options: ResolveOptions,
): Promise<ResolvedManifest> {
  const { where, repository } = options;
  const named =
    options.pinned === undefined
      ? `tag ${JSON.stringify(options.reference)}`
      : `manifest ${options.reference}`;
  const first = await client.fetchManifest(repository, options.reference, named);
  const firstDigest = verifyManifest(first, options.pinned, where, `manifest ${options.reference}`);
  let descriptor: Descriptor | undefined;
  let current = first;
  let currentDigest = firstDigest;
  let indexDigest: Digest | undefined;
  for (let depth = 0; ; depth++) {
    const what = `manifest ${currentDigest}`;
    const json = parseJson(current.bytes, `${where}: ${what}`);
    const mediaType = manifestMediaType(json, current.contentType, descriptor?.mediaType);
    if (
      mediaType === MediaType.dockerSchema1 ||
      mediaType === MediaType.dockerSchema1Signed ||
      schemaVersion(json) === 1
    ) {
      throw new DrydockError(
        "DRYDOCK_MEDIA_TYPE_UNSUPPORTED",
        `${where}: ${what} is a Docker schema 1 manifest, which drydock does not read (deprecated since 2017)`,
        {
          hint: "push the image again with a current Docker, buildah or skopeo: they write schema 2 / OCI manifests",
        },
      );
    }
    if (!isIndexMediaType(mediaType)) {
      const manifest = parseImageManifest(json, `${where}: ${what}`, mediaType);
      const resolved: ResolvedManifest = { manifest, bytes: current.bytes, digest: currentDigest };
      if (indexDigest !== undefined) resolved.indexDigest = indexDigest;
      if (descriptor?.platform) resolved.platform = descriptor.platform;
      return resolved;
    }
    if (depth >= maxIndexDepth)
      throw new DrydockError("DRYDOCK_TARGET_FORMAT", `${where}: indexes nested too deep`);
    indexDigest ??= currentDigest;
    const index = parseImageIndex(json, `${where}: index ${currentDigest}`);
    descriptor = choosePlatform(index.manifests, options, `${where}: index ${currentDigest}`);
    current = await client.fetchManifest(repository, descriptor.digest, `manifest ${descriptor.digest}`);
    if (current.bytes.length !== descriptor.size) {
      throw new DrydockError(
        "DRYDOCK_DIGEST_MISMATCH",
        `${where}: manifest ${descriptor.digest}: size mismatch: the index says ${descriptor.size} bytes, got ${current.bytes.length}`,
      );
    }
    currentDigest = verifyManifest(current, descriptor.digest, where, `manifest ${descriptor.digest}`);
  }
}

/**
 * Hashes a fetched manifest and checks it against the digest it must have (the
 * reference's, or the index entry's) and against `Docker-Content-Digest`.
 * @returns its digest (in the expected digest's algorithm, else sha256).
 */
export function verifyManifest(
  fetched: FetchedManifest,
  expected: Digest | undefined,
  where: string,
  what: string,
): Digest {
  const actual = digestOf(fetched.bytes, expected ? digestAlgorithm(expected) : "sha256");
  if (expected !== undefined && actual !== expected) {
    throw new DrydockError(
      "DRYDOCK_DIGEST_MISMATCH",
      `${where}: ${what}: digest mismatch: expected ${expected}, got ${actual}`,
    );
  }
  const header = fetched.digestHeader;
  if (header !== undefined && header !== "") {
    if (!isDigest(header)) {
      throw new DrydockError(
        "DRYDOCK_DIGEST_INVALID",
        `${where}: ${what}: the registry sent an invalid Docker-Content-Digest`,
      );
    }
    const hashed =
      digestAlgorithm(header) === digestAlgorithm(actual)
        ? actual
        : digestOf(fetched.bytes, digestAlgorithm(header));
    if (hashed !== header) {
      throw new DrydockError(
        "DRYDOCK_DIGEST_MISMATCH",
        `${where}: ${what}: digest mismatch: the registry says ${header} (Docker-Content-Digest), the content hashes to ${hashed}`,
      );
    }
  }
  return actual;
}

function schemaVersion(json: unknown): unknown {
  return typeof json === "object" && json !== null
    ? (json as { schemaVersion?: unknown }).schemaVersion
    : undefined;
}

/** The body's `mediaType`, else the index entry's, else `Content-Type`, else guessed from the shape. */
function manifestMediaType(
  json: unknown,
  contentType: string | undefined,
  fromDescriptor: string | undefined,
): string {
  const body =
    typeof json === "object" && json !== null ? (json as { mediaType?: unknown; manifests?: unknown }) : {};
  if (typeof body.mediaType === "string") return body.mediaType;
  if (fromDescriptor) return fromDescriptor;
  if (contentType && contentType !== "application/json" && contentType !== "application/octet-stream")
    return contentType;
  return Array.isArray(body.manifests) ? MediaType.ociIndex : MediaType.ociManifest;
}

function choosePlatform(entries: Descriptor[], options: ResolveOptions, where: string): Descriptor {
  const images = entries.filter(
    (d) => isIndexMediaType(d.mediaType) || isImageManifestMediaType(d.mediaType),
  );
  if (images.length === 0)
    throw new DrydockError("DRYDOCK_TARGET_FORMAT", `${where}: the index lists no image`);
  const only = images.length === 1 ? images[0] : undefined;
  if (only && (only.platform === undefined || options.platform === undefined)) return only;
  const withPlatform = images.filter((d) => d.platform !== undefined);
  if (withPlatform.length === 0) {
    throw new DrydockError(
      "DRYDOCK_TARGET_AMBIGUOUS",
      `${where}: the index lists ${images.length} manifests without platforms`,
    );
  }
  const choice = selectPlatform(
    withPlatform.map((d) => ({ item: d, platform: normalizePlatform(d.platform ?? {}) })),
    options.platform,
    where,
  );
  options.onEvent?.("image platform-chosen", {
    platform: formatPlatform(choice.platform),
    reason: choice.reason,
    available: withPlatform.map((d) => formatPlatform(normalizePlatform(d.platform ?? {}))),
  });
  return choice.chosen;
}
