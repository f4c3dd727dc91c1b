import { realpath } from "node:fs/promises";
import { DrydockError } from "../../model/index.js";
import { createImageSource } from "../blob-image-source.js";
import type { ImageConfig, ImageSource } from "../image-source.js";
import type { IntakeOptions } from "../intake-options.js";
import { MediaType } from "../media-types.js";
import { packRootfs } from "./pack-rootfs.js";
import { digestRootfsListing, walkRootfs } from "./walk-rootfs.js";

/** The manifest media type of a `dir:` image, which has no manifest of its own. */
export const rootfsManifestMediaType = "drydock/rootfs";

/**
 * Opens an unpacked root filesystem (`dir:ROOTFS`) as an image of one synthetic layer.
 * The directory is listed on open (metadata only); `openLayer` generates its tar on the
 * fly from that listing. The layer is marked `synthetic`: its digest and diffId are
 * {@link digestRootfsListing} of the listing, not a digest of tar bytes, so no digest
 * check applies. The config is synthetic too: no platform, no history.
 * @throws DrydockError DRYDOCK_TARGET_NOT_FOUND, DRYDOCK_TARGET_UNREADABLE, DRYDOCK_LAYER_LIMIT.
 */
export async function openRootfs(
  dir: string,
  input: string,
  options: IntakeOptions = {},
): Promise<ImageSource> {
  let root: string;
  try {
    root = await realpath(dir);
  } catch (e) {
    throw new DrydockError("DRYDOCK_TARGET_NOT_FOUND", `${input}: ${(e as Error).message}`, { cause: e });
  }
  const listing = await walkRootfs(root, input);
  if (listing.skipped.length > 0) {
    options.onEvent?.("image rootfs-skipped", {
      count: listing.skipped.length,
      first: listing.skipped.slice(0, 5),
    });
  }
  const digest = digestRootfsListing(listing.entries);
  const config: ImageConfig = { rootfs: { type: "layers", diff_ids: [digest] } };
  return createImageSource(
    {
      target: { input },
      manifest: { mediaType: rootfsManifestMediaType },
      config,
      layers: [
        {
          index: 0,
          digest,
          diffId: digest,
          mediaType: MediaType.ociLayer,
          compression: "none",
          size: listing.contentBytes,
          synthetic: true,
        },
      ],
      verify: false,
      openBlob: async () => packRootfs(root, listing.entries, input),
      close: async () => {},
    },
    options,
  );
}
