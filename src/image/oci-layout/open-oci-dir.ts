import { DirBlobStore } from "../dir-blob-store.js";
import type { ImageSource } from "../image-source.js";
import type { IntakeOptions } from "../intake-options.js";
import { readOciLayout } from "./read-oci-layout.js";

/**
 * Opens an OCI image layout directory (`oci-dir:DIR[:ref]`).
 * @throws DrydockError as {@link readOciLayout}.
 */
export async function openOciDir(
  dir: string,
  input: string,
  ref: string | undefined,
  options: IntakeOptions = {},
): Promise<ImageSource> {
  const store = await DirBlobStore.open(dir, input);
  return readOciLayout(store, input, ref, options);
}
