import { DrydockError } from "../../model/index.js";
import type { BlobStore } from "../blob-store.js";
import { normalizeImageReference } from "../image-reference.js";
import type { IntakeEventSink } from "../intake-options.js";
import { parseImageIndex } from "../manifest.js";
import { isImageManifestMediaType, isIndexMediaType } from "../media-types.js";
import { formatPlatform, normalizePlatform, type Platform, selectPlatform } from "../platform.js";
import { type Descriptor, maxManifestBytes, parseJson, readVerifiedBlob } from "../read-blob.js";

export const refNameAnnotation = "org.opencontainers.image.ref.name";
const containerdNameAnnotation = "io.containerd.image.name";
const maxIndexDepth = 4;

export interface ManifestSelection {
  /** The image manifest's descriptor (from the index that listed it). */
  descriptor: Descriptor;
  /** The top-level descriptor the choice went through (its annotations name the image). */
  top: Descriptor;
}

export interface SelectOptions {
  ref?: string;
  platform?: Platform;
  where: string;
  onEvent?: IntakeEventSink;
}

function isImageOrIndex(d: Descriptor): boolean {
  return isIndexMediaType(d.mediaType) || isImageManifestMediaType(d.mediaType);
}

function refName(d: Descriptor): string | undefined {
  return d.annotations?.[refNameAnnotation];
}

/** Top-level entries matching `ref`: a ref name, an image name, or a manifest digest. */
function matchRef(entries: Descriptor[], ref: string): Descriptor[] {
  const byName = entries.filter((d) => refName(d) === ref);
  if (byName.length > 0) return byName;
  const normal = normalizeImageReference(ref);
  const byImage = entries.filter((d) => {
    const name = d.annotations?.[containerdNameAnnotation];
    return name !== undefined && normalizeImageReference(name) === normal;
  });
  if (byImage.length > 0) return byImage;
  return entries.filter((d) => d.digest === ref);
}

/**
 * Chooses the image manifest of a layout: by ref name when given, else the only image;
 * through nested indexes (verified like any blob) by platform — the requested one, else
 * the host's (reported as an `image platform-chosen` event).
 * @throws DrydockError DRYDOCK_TARGET_NOT_FOUND (no such ref), DRYDOCK_TARGET_AMBIGUOUS
 *   (several refs and none chosen), DRYDOCK_PLATFORM_NOT_FOUND, DRYDOCK_TARGET_FORMAT.
 */
export async function selectManifest(
  store: BlobStore,
  entries: Descriptor[],
  options: SelectOptions,
): Promise<ManifestSelection> {
  const { where, ref } = options;
  const images = entries.filter(isImageOrIndex);
  if (images.length === 0)
    throw new DrydockError("DRYDOCK_TARGET_FORMAT", `${where}: index.json lists no image`);
  const names = [...new Set(images.map(refName).filter((n): n is string => n !== undefined))].sort();
  let candidates: Descriptor[];
  if (ref !== undefined) {
    candidates = matchRef(images, ref);
    if (candidates.length === 0) {
      throw new DrydockError(
        "DRYDOCK_TARGET_NOT_FOUND",
        `${where}: no image named ${JSON.stringify(ref)} in the layout; there are: ${names.join(", ") || "(no ref names)"}`,
      );
    }
  } else {
    if (names.length > 1) {
      throw new DrydockError(
        "DRYDOCK_TARGET_AMBIGUOUS",
        `${where}: the layout holds several images: ${names.join(", ")}`,
        { hint: `choose one with ${where}:REF` },
      );
    }
    candidates = images;
  }
  const top = candidates.length === 1 && candidates[0] ? candidates[0] : undefined;
  const descriptor = await descend(store, candidates, options, 0);
  return { descriptor, top: top ?? descriptor };
}

async function descend(
  store: BlobStore,
  candidates: Descriptor[],
  options: SelectOptions,
  depth: number,
): Promise<Descriptor> {
  const { where } = options;
  if (depth > maxIndexDepth)
    throw new DrydockError("DRYDOCK_TARGET_FORMAT", `${where}: indexes nested too deep`);
  let chosen: Descriptor;
  const only = candidates.length === 1 ? candidates[0] : undefined;
  if (only && (only.platform === undefined || options.platform === undefined)) {
    chosen = only;
  } else {
    const withPlatform = candidates.filter((d) => d.platform !== undefined);
    if (withPlatform.length === 0) {
      throw new DrydockError(
        "DRYDOCK_TARGET_AMBIGUOUS",
        `${where}: the index lists ${candidates.length} manifests without platforms: ${candidates.map((d) => d.digest).join(", ")}`,
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
    chosen = choice.chosen;
  }
  if (!isIndexMediaType(chosen.mediaType)) return chosen;
  const bytes = await readVerifiedBlob(store, chosen, "index", maxManifestBytes);
  const nested = parseImageIndex(
    parseJson(bytes, `${where}: index ${chosen.digest}`),
    `${where}: index ${chosen.digest}`,
  );
  const children = nested.manifests.filter(isImageOrIndex);
  if (children.length === 0) {
    throw new DrydockError("DRYDOCK_TARGET_FORMAT", `${where}: index ${chosen.digest} lists no image`);
  }
  return descend(store, children, options, depth + 1);
}
