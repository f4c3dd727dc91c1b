import type { Readable } from "node:stream";
import { DrydockError, type Layer, type TargetInfo } from "../../model/index.js";
import { createImageSource, type ImageParts } from "../blob-image-source.js";
import { checkConfigPlatform, configPlatform } from "../config-platform.js";
import { joinLayers, manifestLayerBlobs, parseImageConfig } from "../image-config.js";
import type { ImageSource } from "../image-source.js";
import type { IntakeOptions } from "../intake-options.js";
import { isImageConfigMediaType } from "../media-types.js";
import { parsePlatform } from "../platform.js";
import { maxConfigBytes } from "../read-blob.js";
import { DownloadLimiter } from "./download-limiter.js";
import { RegistryClient, type RegistryEndpoint } from "./registry-client.js";
import { RegistryHttp } from "./registry-http.js";
import {
  defaultMaxConcurrentDownloads,
  defaultRetryPolicy,
  type RegistryOptions,
} from "./registry-options.js";
import {
  dockerHubRegistry,
  formatRegistryReference,
  manifestReference,
  parseRegistryReference,
  type RegistryReference,
  registryApiHost,
} from "./registry-reference.js";
import { resolveManifest } from "./resolve-manifest.js";
import { openResumableBlob } from "./resumable-blob.js";

/** Intake options plus the registry client's own. */
export interface RegistryIntakeOptions extends IntakeOptions {
  registry?: RegistryOptions;
}

/** Errors a mirror cannot cure by falling back to Docker Hub: they are about the request. */
const notMirrorFaults = new Set([
  "DRYDOCK_PLATFORM_NOT_FOUND",
  "DRYDOCK_USAGE",
  "DRYDOCK_CONFIG_INVALID",
  "DRYDOCK_TARGET_AMBIGUOUS",
]);

/**
 * The endpoints to try for a reference: each `--registry-mirror` first (Docker Hub
 * references only), then the registry itself.
 * @throws DrydockError DRYDOCK_CONFIG_INVALID for a mirror that is not an http(s) URL.
 */
export function registryEndpoints(ref: RegistryReference, mirrors: string[] = []): RegistryEndpoint[] {
  const endpoints: RegistryEndpoint[] = [];
  if (ref.registry === dockerHubRegistry) {
    for (const mirror of mirrors) {
      let url: URL;
      try {
        url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(mirror) ? mirror : `https://${mirror}`);
      } catch {
        throw new DrydockError("DRYDOCK_CONFIG_INVALID", `--registry-mirror ${mirror}: not a URL`);
      }
      if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new DrydockError("DRYDOCK_CONFIG_INVALID", `--registry-mirror ${mirror}: not an http(s) URL`);
      }
      endpoints.push({ registry: url.host, host: url.host, base: new URL(url.origin), primary: false });
    }
  }
  endpoints.push({ registry: ref.registry, host: registryApiHost(ref.registry), primary: true });
  return endpoints;
}

/**
 * Opens an image in a registry (`registry:REF` or a bare reference) as an
 * {@link ImageSource}: the manifest (through an index by platform) and the config are
 * fetched and verified now; each layer is downloaded only when `openLayer` asks for it —
 * streamed, resumed after interruptions, digest- and diffID-checked by layer-stream — with
 * at most `maxConcurrentDownloads` downloads at once. `bytesRead()` counts the layer
 * bytes pulled. The caller must `close()` the source.
 * @throws DrydockError DRYDOCK_REGISTRY (unknown repository/tag, unreachable, TLS, rate
 *   limited), DRYDOCK_REGISTRY_AUTH (authentication failed, access denied),
 *   DRYDOCK_DIGEST_MISMATCH, DRYDOCK_MEDIA_TYPE_UNSUPPORTED, DRYDOCK_PLATFORM_NOT_FOUND,
 *   DRYDOCK_TARGET_FORMAT, DRYDOCK_USAGE (not a reference).
 */
export async function openRegistryImage(
  input: string,
  reference: string,
  options: RegistryIntakeOptions = {},
): Promise<ImageSource> {
  const ref = parseRegistryReference(reference, input);
  const registry = options.registry ?? {};
  const http = new RegistryHttp(registry);
  try {
    const endpoints = registryEndpoints(ref, registry.mirrors);
    for (const [i, endpoint] of endpoints.entries()) {
      try {
        return await openFrom(endpoint, ref, input, http, options);
      } catch (e) {
        const last = i === endpoints.length - 1;
        if (last || !(e instanceof DrydockError) || notMirrorFaults.has(e.code)) throw e;
        options.onEvent?.("registry mirror-failed", { mirror: endpoint.host, code: e.code });
      }
    }
    throw new DrydockError("DRYDOCK_INTERNAL", `${input}: no registry endpoint to try`);
  } catch (e) {
    await http.close().catch(() => {});
    throw e;
  }
}

async function openFrom(
  endpoint: RegistryEndpoint,
  ref: RegistryReference,
  input: string,
  http: RegistryHttp,
  options: RegistryIntakeOptions,
): Promise<ImageSource> {
  const registry = options.registry ?? {};
  const policy = { ...defaultRetryPolicy, ...registry.retry };
  const where = input;
  const client = new RegistryClient(endpoint, http, {
    where,
    env: registry.env ?? process.env,
    policy,
    ...(registry.login ? { login: registry.login } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  const want = options.platform === undefined ? undefined : parsePlatform(options.platform);
  const resolved = await resolveManifest(client, {
    where,
    repository: ref.repository,
    reference: manifestReference(ref),
    ...(ref.digest ? { pinned: ref.digest } : {}),
    ...(want ? { platform: want } : {}),
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  options.onEvent?.("registry manifest", {
    host: endpoint.host,
    digest: resolved.digest,
    ...(resolved.indexDigest ? { index: resolved.indexDigest } : {}),
  });
  const { manifest } = resolved;
  const manifestWhere = `${where}: manifest ${resolved.digest}`;
  if (!isImageConfigMediaType(manifest.config.mediaType)) {
    throw new DrydockError(
      "DRYDOCK_MEDIA_TYPE_UNSUPPORTED",
      `${manifestWhere}: not a container image (config mediaType ${JSON.stringify(manifest.config.mediaType)})`,
    );
  }
  const configBytes = await client.fetchSmallBlob(ref.repository, manifest.config, "config", maxConfigBytes);
  const config = parseImageConfig(configBytes, `${where}: config ${manifest.config.digest}`);
  if (want !== undefined && resolved.indexDigest === undefined) checkConfigPlatform(config, want, where);
  const layers = joinLayers(
    manifestLayerBlobs(resolved.manifest.layers, manifestWhere),
    config,
    `${where}: config ${manifest.config.digest}`,
  );

  const target: TargetInfo = {
    input,
    ref: formatRegistryReference(ref),
    digest: resolved.digest,
    configDigest: manifest.config.digest,
  };
  const platform = configPlatform(config, resolved.platform);
  if (platform !== undefined) target.platform = platform;

  const limiter = new DownloadLimiter(registry.maxConcurrentDownloads ?? defaultMaxConcurrentDownloads);
  const downloads = new Set<Readable>();
  const parts: ImageParts = {
    target,
    manifest: { digest: resolved.digest, mediaType: manifest.mediaType, bytes: resolved.bytes },
    configDigest: manifest.config.digest,
    config,
    layers,
    async openBlob(layer: Layer): Promise<Readable> {
      const what = `layer ${layer.index + 1} blob ${layer.digest}`;
      const release = await limiter.acquire();
      try {
        options.onEvent?.("registry blob-download", {
          layer: layer.index + 1,
          digest: layer.digest,
          size: layer.size,
        });
        const stream = await openResumableBlob({
          fetch: (offset) => client.fetchBlob(ref.repository, layer.digest, offset, what),
          size: layer.size,
          policy,
          where,
          host: endpoint.host,
          what,
          ...(options.onEvent ? { onEvent: options.onEvent } : {}),
        });
        downloads.add(stream);
        stream.once("close", () => {
          downloads.delete(stream);
          release();
        });
        return stream;
      } catch (e) {
        release();
        if (e instanceof DrydockError && e.code === "DRYDOCK_BLOB_MISSING" && layer.foreign) {
          throw new DrydockError(
            "DRYDOCK_BLOB_MISSING",
            `${where}: layer ${layer.index + 1} is a foreign layer whose blob is not in the registry${layer.urls?.length ? ` (it lives at ${layer.urls.join(", ")})` : ""}`,
          );
        }
        throw e;
      }
    },
    async close() {
      // Downloads nobody reads any more end quietly, then every connection is dropped.
      for (const stream of downloads) stream.destroy();
      await http.close();
    },
  };
  return createImageSource(parts, options);
}
