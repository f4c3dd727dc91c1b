import type { ImageSource } from "../image/image-source.js";
import type { IntakeOptions } from "../image/intake-options.js";
import type { RegistryOptions } from "../image/registry/index.js";
import { type ImageTarget, parseTarget } from "../image/target.js";
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
  // Each reader loads only for its kind of target: a run opens one image, and the registry
  // client (with its HTTP stack, undici) or the rootfs packer (tar-stream) are large.
  switch (target.kind) {
    case "docker-archive": {
      const { openDockerArchive } = await import("../image/docker-archive/open-docker-archive.js");
      return openDockerArchive(target.path, target.input, target.select, options);
    }
    case "oci-dir": {
      const { openOciDir } = await import("../image/oci-layout/open-oci-dir.js");
      return openOciDir(target.path, target.input, target.ref, options);
    }
    case "oci-archive": {
      const { openOciArchive } = await import("../image/oci-archive/open-oci-archive.js");
      return openOciArchive(target.path, target.input, target.ref, options);
    }
    case "dir": {
      const { openRootfs } = await import("../image/rootfs/open-rootfs.js");
      return openRootfs(target.path, target.input, options);
    }
    case "sbom":
      throw new DrydockError(
        "DRYDOCK_USAGE",
        `${target.input}: an SBOM holds no image layers; use it with \`drydock scan\`, not here`,
      );
    case "registry": {
      const { openRegistryImage } = await import("../image/registry/index.js");
      return openRegistryImage(target.input, target.ref, options);
    }
  }
}
