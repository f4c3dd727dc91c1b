import {
  type ImageSource,
  type ImageTarget,
  type IntakeOptions,
  openDockerArchive,
  openOciArchive,
  openOciDir,
  openRootfs,
  parseTarget,
} from "../image/index.js";
import { openRegistryImage, type RegistryOptions } from "../image/registry/index.js";
import { DrydockError } from "../model/index.js";

/** Options of {@link openImage}. */
export interface OpenImageOptions extends IntakeOptions {
  /** Registry client options (credentials, CAs, insecure hosts, mirrors) for registry targets. */
  registry?: RegistryOptions;
}

/**
 * Opens a target string as an {@link ImageSource} (the composition root of intake): parses
 * and auto-detects the target, then opens it with the reader for its format. The caller
 * owns the source and must `close()` it.
 * @throws DrydockError DRYDOCK_TARGET_NOT_FOUND, DRYDOCK_TARGET_FORMAT, DRYDOCK_USAGE and
 *   every error a reader throws (see src/image); DRYDOCK_REGISTRY / DRYDOCK_REGISTRY_AUTH
 *   for registry references (see src/image/registry).
 */
export async function openImage(target: string, options: OpenImageOptions = {}): Promise<ImageSource> {
  return openParsedTarget(await parseTarget(target), options);
}

/** Opens an already parsed target. */
export async function openParsedTarget(
  target: ImageTarget,
  options: OpenImageOptions = {},
): Promise<ImageSource> {
  switch (target.kind) {
    case "docker-archive":
      return openDockerArchive(target.path, target.input, target.select, options);
    case "oci-dir":
      return openOciDir(target.path, target.input, target.ref, options);
    case "oci-archive":
      return openOciArchive(target.path, target.input, target.ref, options);
    case "dir":
      return openRootfs(target.path, target.input, options);
    case "sbom":
      throw new DrydockError(
        "DRYDOCK_USAGE",
        `${target.input}: an SBOM holds no image layers; use it with \`drydock scan\`, not here`,
      );
    case "registry":
      return openRegistryImage(target.input, target.ref, options);
  }
}
