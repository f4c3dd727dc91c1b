import type { ImageSource } from "../image-source.js";
import type { IntakeOptions } from "../intake-options.js";
import { readOciLayout } from "../oci-layout/read-oci-layout.js";
import { TarBlobStore } from "../tar-blob-store.js";

/**
 * Opens an OCI image layout packed in a tar (`oci-archive:FILE[:ref]`), read in place.
 * @throws DrydockError as {@link readOciLayout}, DRYDOCK_TARGET_FORMAT for a bad tar.
 */
export async function openOciArchive(
  file: string,
  input: string,
  ref: string | undefined,
  options: IntakeOptions = {},
): Promise<ImageSource> {
  const store = await TarBlobStore.open(file, input);
  return readOciLayout(store, input, ref, options);
}
