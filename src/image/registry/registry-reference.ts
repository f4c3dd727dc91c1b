import { type Digest, DrydockError, isDigest } from "../../model/index.js";
import { isImageReference, parseImageReference } from "../image-reference.js";

/** The registry name Docker gives Docker Hub in references. */
export const dockerHubRegistry = "docker.io";
/** The host that serves Docker Hub's distribution API. */
export const dockerHubApiHost = "registry-1.docker.io";
const dockerHubAliases = new Set([
  "docker.io",
  "index.docker.io",
  "registry-1.docker.io",
  "registry.hub.docker.com",
]);

/**
 * A reference to an image in a registry, normalised the way Docker does
 * (`alpine` → registry `docker.io`, repository `library/alpine`, tag `latest`).
 */
export interface RegistryReference {
  /** Registry as named in references: `docker.io`, `ghcr.io`, `localhost:5000`. */
  registry: string;
  /** Repository path inside the registry: `library/alpine`, `team/app`. */
  repository: string;
  tag?: string;
  digest?: Digest;
}

/**
 * Parses an image reference (`alpine`, `alpine:3.19`, `localhost:5000/team/app@sha256:…`).
 * Docker Hub aliases (`index.docker.io`, `registry-1.docker.io`) become `docker.io`; a
 * reference with neither tag nor digest means `:latest`.
 * @throws DrydockError DRYDOCK_USAGE when `text` is not a reference, DRYDOCK_DIGEST_INVALID
 *   for a digest drydock cannot verify (an algorithm other than sha256/sha512).
 */
export function parseRegistryReference(text: string, where = text): RegistryReference {
  const parts = isImageReference(text) ? parseImageReference(text) : undefined;
  if (!parts) throw new DrydockError("DRYDOCK_USAGE", `${where}: not a valid image reference`);
  const slash = parts.repository.indexOf("/");
  let registry = parts.repository.slice(0, slash);
  let repository = parts.repository.slice(slash + 1);
  if (dockerHubAliases.has(registry.toLowerCase())) {
    registry = dockerHubRegistry;
    if (!repository.includes("/")) repository = `library/${repository}`;
  }
  const ref: RegistryReference = { registry, repository };
  if (parts.tag !== undefined) ref.tag = parts.tag;
  if (parts.digest !== undefined) {
    if (!isDigest(parts.digest)) {
      throw new DrydockError(
        "DRYDOCK_DIGEST_INVALID",
        `${where}: unsupported digest ${JSON.stringify(parts.digest.slice(0, 80))} (sha256 or sha512 only)`,
      );
    }
    ref.digest = parts.digest;
  }
  return ref;
}

/** `docker.io/library/alpine:3.19`, `localhost:5000/app@sha256:…`: the canonical text. */
export function formatRegistryReference(ref: RegistryReference): string {
  return `${ref.registry}/${ref.repository}${ref.tag === undefined ? "" : `:${ref.tag}`}${ref.digest === undefined ? "" : `@${ref.digest}`}`;
}

/** What the manifest endpoint is asked for: the digest when there is one (it pins the content), else the tag. */
export function manifestReference(ref: RegistryReference): string {
  return ref.digest ?? ref.tag ?? "latest";
}

/** The host that serves a registry's API: Docker Hub's API lives on `registry-1.docker.io`. */
export function registryApiHost(registry: string): string {
  return registry === dockerHubRegistry ? dockerHubApiHost : registry;
}

/** True for `localhost`, `127.0.0.0/8` and `[::1]` hosts (with or without a port). */
export function isLoopbackHost(host: string): boolean {
  const name = hostName(host).toLowerCase();
  return name === "localhost" || name === "::1" || /^127(?:\.\d{1,3}){3}$/.test(name);
}

/** The host name of `host[:port]` (`[::1]:5000` → `::1`). */
export function hostName(host: string): string {
  if (host.startsWith("[")) return host.slice(1, host.indexOf("]"));
  const colon = host.lastIndexOf(":");
  return colon === -1 ? host : host.slice(0, colon);
}
